using System.Threading.Channels;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// One in-process queue: many producers (any grain in the silo), one reader (the queue's pulling agent).
/// </summary>
internal sealed class InSiloQueue
{
    // Unbounded on purpose: a bounded queue would make OnNextAsync wait for the agent, and a producer grain that
    // is also a subscriber of the stream would then deadlock against its own delivery.
    private readonly Channel<InSiloQueueEntry> _channel = Channel.CreateUnbounded<InSiloQueueEntry>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false, AllowSynchronousContinuations = false });

    public ChannelReader<InSiloQueueEntry> Reader => _channel.Reader;

    public bool TryWrite(InSiloQueueEntry entry) => _channel.Writer.TryWrite(entry);
}
