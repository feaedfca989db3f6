using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;
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
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly SimpleQueueAdapterCache _cache;
    private readonly DeepCopier _copier;
    private readonly bool _canProduce;
    private readonly ConcurrentDictionary<QueueId, InSiloQueue> _queues = new();
    private readonly Task<IStreamFailureHandler> _failureHandler = Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    private InSiloQueueAdapterFactory(string name, InSiloStreamsOptions options, DeepCopier copier, ILoggerFactory loggerFactory, bool canProduce)
    {
        Name = name;
        _options = options;
        _copier = copier;
        _canProduce = canProduce;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = options.QueueCount }, name);
        _cache = new SimpleQueueAdapterCache(new SimpleQueueCacheOptions { CacheSize = options.CacheSize }, name, loggerFactory);
    }

    public string Name { get; }

    // Nothing outlives the cache, so a subscriber cannot rewind further than what the cache still holds.
    public bool IsRewindable => false;

    public StreamProviderDirection Direction => StreamProviderDirection.ReadWrite;

    /// <summary>Creates the silo-side factory, whose adapter publishes into this process's queues.</summary>
    public static IQueueAdapterFactory CreateForSilo(IServiceProvider services, string name) => Create(services, name, canProduce: true);

    /// <summary>
    /// Creates the client-side factory. A client has no pulling agent reading its process's queues, so publishing
    /// there would silently lose events; the client adapter therefore refuses to publish.
    /// </summary>
    public static IQueueAdapterFactory CreateForClient(IServiceProvider services, string name) => Create(services, name, canProduce: false);

    private static InSiloQueueAdapterFactory Create(IServiceProvider services, string name, bool canProduce)
        => new(
            name,
            services.GetOptionsByName<InSiloStreamsOptions>(name),
            services.GetRequiredService<DeepCopier>(),
            services.GetRequiredService<ILoggerFactory>(),
            canProduce);

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IQueueAdapter> CreateAdapter() => Task.FromResult<IQueueAdapter>(this);

    public Task<IQueueAdapter> CreateAdapter(CancellationToken cancellationToken) => Task.FromResult<IQueueAdapter>(this);

    public IQueueAdapterCache GetQueueAdapterCache() => _cache;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => _failureHandler;

    public IQueueAdapterReceiver CreateReceiver(QueueId queueId) => new InSiloQueueAdapterReceiver(GetQueue(queueId), _options.LongPollTimeout);

    public Task QueueMessageBatchAsync<T>(StreamId streamId, IEnumerable<T> events, StreamSequenceToken? token, Dictionary<string, object>? requestContext)
    {
        if (!_canProduce)
        {
            throw new NotSupportedException($"Stream provider '{Name}' delivers in-silo only; publish from a grain, not from an external client.");
        }

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
        _ = GetQueue(_mapper.GetQueueForStream(streamId)).TryWrite(new InSiloQueueEntry(streamId, copied, requestContext));
        return Task.CompletedTask;
    }

    private InSiloQueue GetQueue(QueueId queueId) => _queues.GetOrAdd(queueId, static _ => new InSiloQueue());
}
