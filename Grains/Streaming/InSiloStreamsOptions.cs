namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Settings for the in-silo stream provider registered with <see cref="InSiloStreamsExtensions"/>.
/// </summary>
public sealed class InSiloStreamsOptions
{
    /// <summary>
    /// How long the receiver parks the pulling agent waiting for data before returning an empty batch.
    /// </summary>
    /// <remarks>
    /// The agent only purges its cache and cleans its pub-sub cache between reads, so this cap bounds how
    /// stale that housekeeping can get; every expiry costs one agent wake-up, so it also sets the idle cost.
    /// </remarks>
    public TimeSpan LongPollTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Pulling agent timer period. The timer only fires when the agent's pump has exited, which with the
    /// long-poll happens only after a long-poll expiry, while a cold stream's pub-sub registration is in flight,
    /// or while the cache is under pressure. So a short period costs nothing while idle, but it is the delay
    /// before reading resumes after a new stream registered: the agent stops reading the whole queue (all
    /// streams on it) until the registration completes, then waits for this tick. Measured second-event
    /// latency of a new stream: 0.13 ms at 1 ms, 3.9 ms at 5 ms, ~50 ms at 100 ms.
    /// </summary>
    public TimeSpan PullingPeriod { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Number of batches the agent's cache keeps per queue before it applies back-pressure.
    /// </summary>
    public int CacheSize { get; set; } = 4096;

    /// <summary>
    /// Number of in-process queues (each gets its own pulling agent). One is enough for a single silo; more
    /// only spread delivery across agents.
    /// </summary>
    public int QueueCount { get; set; } = 1;
}
