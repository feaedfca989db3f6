using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Factory and adapter of the in-silo stream provider: queues are in-process channels of this silo, read by the
/// silo's own pulling agents, so publishing costs no grain call and no serialization.
/// </summary>
internal sealed class InSiloQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapter
{
    private readonly InSiloStreamsOptions _options;
    private readonly InSiloQueues _queues;
    private readonly InSiloQueueAdapterCache _cache;
    private readonly DeepCopier _copier;
    private readonly Task<IStreamFailureHandler> _failureHandler = Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    private InSiloQueueAdapterFactory(string name, InSiloStreamsOptions options, InSiloQueues queues, DeepCopier copier, ILoggerFactory loggerFactory)
    {
        Name = name;
        _options = options;
        _copier = copier;
        _queues = queues;
        _cache = new InSiloQueueAdapterCache(options.CacheSize, name, loggerFactory);
    }

    public string Name { get; }

    // Rewindable within what the cache still holds: a subscriber may start at a token (the stream's position when it
    // asked, see StreamPositionGrain), which is how it misses nothing published after it subscribed.
    public bool IsRewindable => true;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    /// <summary>Creates the silo's factory (clients subscribe through <c>SubscribeOnlyStreams</c>, which has no queues).</summary>
    public static InSiloQueueAdapterFactory CreateForSilo(IServiceProvider services, string name)
        => new(
            name,
            services.GetOptionsByName<InSiloStreamsOptions>(name),
            // Shared with StreamPositionGrain, which reads the queues' positions.
            services.GetRequiredKeyedService<InSiloQueues>(name),
            services.GetRequiredService<DeepCopier>(),
            services.GetRequiredService<ILoggerFactory>());

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _queues.Mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => _failureHandler;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new InSiloQueueAdapterReceiver(_queues.Get(queueId), _options.LongPollTimeout);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (token is not null)
        {
            throw new NotSupportedException($"Stream provider '{Name}' assigns its own sequence tokens; publish without a token.");
        }

        // Copy now, as the serializing providers effectively do, so a producer that mutates or reuses the object
        // after OnNextAsync returns cannot change what subscribers see. Immutable types are not copied.
        var copied = new List<object>();
        foreach (var item in events)
        {
            copied.Add(_copier.Copy<object>(item!));
        }

        // Unbounded channel: TryWrite only fails once the channel is completed, which this provider never does.
        _ = _queues.For(streamId).TryWrite(new InSiloQueueEntry(streamId, copied, requestContext));
        return Task.CompletedTask;
    }

    /// <summary>The queues of provider <paramref name="name"/>, with the stream-to-queue mapping its options ask for.</summary>
    internal static InSiloQueues NewQueues(string name, InSiloStreamsOptions options) =>
        new(new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name));
}
