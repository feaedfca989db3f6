using Orleans.Streams;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>
/// The orchestrator's stream provider as an Orleans client sees it: subscribe only. The silo's queues live in the silo's
/// process (its provider publishes without a grain call), so a client has nothing to pull and nowhere to publish;
/// subscriptions go through Orleans' pub-sub to the silo's pulling agents like any persistent stream's.
/// </summary>
public static class SubscribeOnlyStreams
{
    /// <summary>Lets an Orleans client subscribe to <see cref="OrchestratorStreams"/>; publishing from it throws.</summary>
    public static IClientBuilder AddOrchestratorStreams(this IClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddPersistentStreams(OrchestratorStreams.Provider, static (_, name) => new Adapter(name), null);
    }

    /// <summary>Rewindable like the silo's provider, so a subscription can start at a position (no event lost).</summary>
    private sealed class Adapter(string name) : IQueueAdapterFactory, IQueueAdapter
    {
        public string Name => name;

        public bool IsRewindable => true;

        // ReadOnly: Orleans refuses producers on the client; pulling agents exist only in silos.
        public StreamProviderDirection Direction => StreamProviderDirection.ReadOnly;

        public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

        [Obsolete("Use the overload which accepts a CancellationToken.")]
        public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

        public IQueueAdapterCache GetQueueAdapterCache() => throw ClientSide(name);

        public IStreamQueueMapper GetStreamQueueMapper() => throw ClientSide(name);

        public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => throw ClientSide(name);

        public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => throw ClientSide(name);

        public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext) =>
            throw new NotSupportedException($"Stream provider '{name}' delivers in the silo only; publish from a grain, not from a client.");

        private static NotSupportedException ClientSide(string provider) => new($"Stream provider '{provider}' has no queues on a client.");
    }
}
