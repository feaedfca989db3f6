using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Orleans' simple queue cache, keeping recent events a little longer, and starting a subscription whose position is older
/// than everything cached at the oldest cached event instead of failing it.
/// <para>
/// Longer: the simple cache drops every event that no cursor points at, at once; but a subscriber that just joined an
/// active stream gets its cursor only when the agent's handshake with it completes (a round trip later), and an event
/// published in between would already be gone. So events are dropped only once the cache holds more than half its size.
/// </para>
/// <para>
/// Older positions: a queue's cache holds the events of every stream mapped to it. In a cluster each silo's agent of the
/// queue serves a subscription from the position the stream's publisher gave; on another silo, whose cache holds only
/// newer events of other streams, the simple cache would throw <see cref="QueueCacheMissException"/> and the subscription
/// would fail. Nothing of the stream published after the position can be older than the oldest event still cached
/// (events leave the cache oldest first), so starting there misses nothing that is still to be had.
/// </para>
/// </summary>
internal sealed class InSiloQueueCache(int cacheSize, ILogger logger) : SimpleQueueCache(cacheSize, logger)
{
    private readonly int _retained = Math.Max(1, cacheSize / 2);

    // The tokens of the cached events, oldest first; the agent calls the cache from its own turn only.
    private readonly Queue<StreamSequenceToken> _tokens = new();

    public override void AddToCache(IList<IBatchContainer> msgs)
    {
        ArgumentNullException.ThrowIfNull(msgs);
        base.AddToCache(msgs);
        foreach (var message in msgs)
        {
            _tokens.Enqueue(message.SequenceToken);
        }
    }

    public override bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        if (Size <= _retained)
        {
            purgedItems = [];
            return false;
        }

        var purged = base.TryPurgeFromCache(out purgedItems!);
        // Purging takes the oldest first; the purged list leaves out items whose delivery failed, so the count is the
        // cache's own.
        while (_tokens.Count > Size)
        {
            _tokens.Dequeue();
        }

        return purged;
    }

    // Orleans 10 marks it obsolete for IQueueCache.TryGetCacheCursor, whose default implementation (the one SimpleQueueCache
    // has) still asks this method, and turns its cache miss into a result.
    [Obsolete("Use IQueueCache.TryGetCacheCursor instead.")]
    public override IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        if (token is not null && _tokens.TryPeek(out var oldest) && token.CompareTo(oldest) < 0)
        {
            token = oldest;
        }

#pragma warning disable CS0618 // see above
        return base.GetCacheCursor(streamId, token);
#pragma warning restore CS0618
    }
}
