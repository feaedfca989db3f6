using Microsoft.Extensions.Logging;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Orleans' simple queue cache, keeping recent events a little longer. The simple cache drops every event that no cursor
/// points at, at once; but a subscriber that just joined an active stream gets its cursor only when the agent's
/// handshake with it completes (a round trip later), and an event published in between would already be gone: the
/// subscriber would start after it. So events are dropped only once the cache holds more than half its size.
/// </summary>
internal sealed class InSiloQueueCache(int cacheSize, ILogger logger) : SimpleQueueCache(cacheSize, logger)
{
    private readonly int _retained = Math.Max(1, cacheSize / 2);

    public override bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        if (Size <= _retained)
        {
            purgedItems = [];
            return false;
        }

        return base.TryPurgeFromCache(out purgedItems!);
    }
}
