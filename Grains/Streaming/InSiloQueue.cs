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
    // numbering goes on across receivers and subscribers can ask where it stands. Numbers are the clock's ticks (UTC),
    // kept increasing: every silo's queue of a stream then numbers on one scale, so a position asked of one silo is right
    // for a stream that several silos publish (the events stream), up to the skew of their clocks.
    private long _lastSequenceNumber = long.MinValue;

    public ChannelReader<InSiloQueueEntry> Reader => _channel.Reader;

    /// <summary>
    /// The number the next event read from the queue will get: every event published from now on gets this or a later
    /// one, so a subscription that starts here misses none of them. Reserved: no number below it is given any more, even
    /// if the clock steps back.
    /// </summary>
    public long NextSequenceNumber
    {
        get
        {
            while (true)
            {
                var last = Interlocked.Read(ref _lastSequenceNumber);
                var next = Math.Max(last + 1, DateTime.UtcNow.Ticks);
                if (next - 1 == last || Interlocked.CompareExchange(ref _lastSequenceNumber, next - 1, last) == last)
                {
                    return next;
                }
            }
        }
    }

    /// <summary>Numbers one event read by the queue's reader.</summary>
    public long TakeSequenceNumber()
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastSequenceNumber);
            var next = Math.Max(last + 1, DateTime.UtcNow.Ticks);
            if (Interlocked.CompareExchange(ref _lastSequenceNumber, next, last) == last)
            {
                return next;
            }
        }
    }

    public bool TryWrite(InSiloQueueEntry entry) => _channel.Writer.TryWrite(entry);
}
