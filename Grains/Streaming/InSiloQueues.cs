using System.Collections.Concurrent;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// The in-process queues of one in-silo stream provider and the mapper that assigns streams to them: shared by the
/// provider's adapter (which writes and reads them) and <see cref="StreamPositionGrain"/> (which says where a stream's
/// numbering stands, so that a subscriber can start exactly there).
/// </summary>
internal sealed class InSiloQueues(IStreamQueueMapper mapper)
{
    private readonly ConcurrentDictionary<QueueId, InSiloQueue> _queues = new();

    public IStreamQueueMapper Mapper { get; } = mapper;

    public InSiloQueue Get(QueueId queueId) => _queues.GetOrAdd(queueId, static _ => new InSiloQueue());

    public InSiloQueue For(StreamId streamId) => Get(Mapper.GetQueueForStream(streamId));
}
