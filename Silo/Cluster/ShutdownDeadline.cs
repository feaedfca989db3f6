using Microsoft.Extensions.Options;

namespace Orchestrator.Silo.Cluster;

/// <summary>
/// Ends a cluster node whose shutdown cannot finish. Orleans records in the membership store that a node leaves, and retries
/// that without end while the store is unreachable (seen: a node stopped while Redis was down never exited), ignoring the
/// host's shutdown timeout. The models are stopped and silo.json removed before that step (SiloLifetime), so once the
/// deadline passes the process kills itself: its servers die with it (parent-death signal), and its peers declare it dead.
/// </summary>
internal sealed class ShutdownDeadline(IHostApplicationLifetime lifetime, IOptions<SiloOptions> options)
    : IHostedService, IDisposable
{
    /// <summary>Beyond the models' own budget: Orleans' leaving (well under a second when the store answers).</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(20);

    private Timer? _deadline;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var limit = options.Value.ShutdownBudget + Margin;
        // A timer for a timeout, started when the shutdown begins; a clean shutdown disposes it with the host.
        lifetime.ApplicationStopping.Register(() => _deadline = new Timer(_ => Expire(limit), null, limit, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _deadline?.Dispose();

    /// <summary>
    /// Environment.Exit would wait for the host's own stop, which is what hangs; FailFast ends the process at once and writes
    /// its message to stderr (a log line would not be flushed in time: the console logger writes from a queue).
    /// </summary>
    private static void Expire(TimeSpan limit) =>
        Environment.FailFast($"orchestrator: the shutdown did not finish within {limit.TotalSeconds:0} s: Orleans cannot record in the cluster's membership store that this node leaves (is Redis reachable?); ending the process, and its servers with it");
}
