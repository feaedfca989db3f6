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

    // Only the queue's single reader takes numbers, so they follow queue order; kept here (not in the receiver) so that
    // numbering goes on across receivers and subscribers can ask where it stands.
    private long _nextSequenceNumber;

    public ChannelReader<InSiloQueueEntry> Reader => _channel.Reader;

    /// <summary>
    /// The number the next event read from the queue will get: every event published from now on gets this or a later
    /// one, so a subscription that starts here misses none of them.
    /// </summary>
    public long NextSequenceNumber => Interlocked.Read(ref _nextSequenceNumber);

    /// <summary>Numbers one event read by the queue's reader.</summary>
    public long TakeSequenceNumber() => Interlocked.Increment(ref _nextSequenceNumber) - 1;

    public bool TryWrite(InSiloQueueEntry entry) => _channel.Writer.TryWrite(entry);
}
