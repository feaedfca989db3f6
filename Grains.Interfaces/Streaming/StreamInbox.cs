namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>Subscribes to the orchestrator's streams.</summary>
public static class StreamInbox
{
    /// <summary>
    /// Subscribes to <paramref name="id"/> of the orchestrator's stream provider. With <paramref name="capacity"/>, a slow
    /// reader loses the oldest items beyond it; without, nothing is ever dropped. The subscription starts at the stream's
    /// current position (<see cref="IStreamPositionGrain"/>): everything published after this call arrives, nothing before.
    /// </summary>
    public static async Task<StreamInbox<T>> SubscribeAsync<T>(IClusterClient client, StreamId id, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var inbox = new StreamInbox<T>(capacity);
        var from = await client.GetGrain<IStreamPositionGrain>(OrchestratorStreams.Provider).GetNextAsync(id).ConfigureAwait(false);
        await inbox.SubscribeAsync(client.GetStreamProvider(OrchestratorStreams.Provider).GetStream<T>(id), from).ConfigureAwait(false);
        return inbox;
    }
}
