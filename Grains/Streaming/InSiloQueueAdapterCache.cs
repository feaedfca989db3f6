using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>Makes one <see cref="InSiloQueueCache"/> per queue.</summary>
internal sealed class InSiloQueueAdapterCache(int cacheSize, string providerName, ILoggerFactory loggers) : IQueueAdapterCache
{
    public IQueueCache CreateQueueCache(QueueId queueId) =>
        new InSiloQueueCache(cacheSize, loggers.CreateLogger($"{typeof(InSiloQueueCache).FullName}.{providerName}.{queueId}"));
}
