using Orleans.Streams;

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
        var from = await client.GetGrain<IStreamPositionGrain>(OrchestratorStreams.Provider).GetNextAsync(id).ConfigureAwait(false);
        return await SubscribeAsync<T>(client, id, from, capacity).ConfigureAwait(false);
    }

    /// <summary>
    /// Subscribes to <paramref name="id"/> from <paramref name="from"/>: a position the stream's publisher gave
    /// (<see cref="IModelGrain.GetStreamPositionAsync"/>), exact on whichever silo it publishes.
    /// </summary>
    public static async Task<StreamInbox<T>> SubscribeAsync<T>(IClusterClient client, StreamId id, StreamSequenceToken from, int? capacity = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var inbox = new StreamInbox<T>(capacity);
        await inbox.SubscribeAsync(client.GetStreamProvider(OrchestratorStreams.Provider).GetStream<T>(id), from).ConfigureAwait(false);
        return inbox;
    }
}
