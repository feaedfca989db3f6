using Orchestrator.Bench.Reporting;

namespace Orchestrator.Bench.Scenarios;

/// <summary>What one subscriber (a reader task) received: its lags once recording, and the arrivals that end a round, to await them by.</summary>
internal sealed class Arrivals : IDisposable
{
    private readonly SemaphoreSlim _arrived = new(0);

    /// <summary>Off during warm-up: arrivals are counted but not kept.</summary>
    public volatile bool Recording;

    /// <summary>Publish → arrival, ms; written by the reader only, read once it has stopped.</summary>
    public Series Lags { get; } = new("ms");

    /// <param name="lagMs">Publish → arrival.</param>
    /// <param name="endsRound">The last item of a round (a model's Stopped): what <see cref="WaitAsync"/> counts.</param>
    public void Add(double lagMs, bool endsRound)
    {
        if (Recording)
        {
            Lags.Add(lagMs);
        }

        if (endsRound)
        {
            _arrived.Release();
        }
    }

    /// <summary>Awaits <paramref name="count"/> more rounds' ends; a subscriber that misses one fails the scenario.</summary>
    public async Task WaitAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("a subscriber did not receive every event within 10 s");
            }
        }
    }

    public void Dispose() => _arrived.Dispose();
}
