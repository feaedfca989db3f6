namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>Subscribes to the orchestrator's streams.</summary>
public static class StreamInbox
{
    /// <summary>
    /// Subscribes to <paramref name="id"/> of the orchestrator's stream provider. With <paramref name="capacity"/>, a slow
    /// reader loses the oldest items beyond it; without, nothing is ever dropped.
    /// </summary>
    public static async Task<StreamInbox<T>> SubscribeAsync<T>(IClusterClient client, StreamId id, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var inbox = new StreamInbox<T>(capacity);
        await inbox.SubscribeAsync(client.GetStreamProvider(OrchestratorStreams.Provider).GetStream<T>(id)).ConfigureAwait(false);
        return inbox;
    }
}
