namespace Orchestrator.Grains.Models;

/// <summary>How model grains run their servers. Bound from the <c>Orchestrator</c> configuration section.</summary>
public sealed class ModelGrainOptions
{
    /// <summary>Default <see cref="LoadTimeout"/>: big models on slow disks take minutes to load.</summary>
    public static readonly TimeSpan DefaultLoadTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Default <see cref="StopTimeout"/>.</summary>
    public static readonly TimeSpan DefaultStopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Default <see cref="InFlightStopGrace"/>.</summary>
    public static readonly TimeSpan DefaultInFlightStopGrace = TimeSpan.FromMilliseconds(50);

    /// <summary>Default <see cref="LogCapacity"/>.</summary>
    public const int DefaultLogCapacity = 2000;

    /// <summary>Default <see cref="MaxLogLineLength"/>.</summary>
    public const int DefaultMaxLogLineLength = 4096;

    /// <summary>The llama-server binary; null or empty means <c>llama-server</c> on PATH.</summary>
    public string? LlamaServerPath { get; set; }

    /// <summary>The address the servers listen on. Loopback: the silo is the only client.</summary>
    public string ServerHost { get; set; } = "127.0.0.1";

    /// <summary>How long a server may take to become ready before the model is <c>Crashed</c> and its process killed.</summary>
    public TimeSpan LoadTimeout { get; set; } = DefaultLoadTimeout;

    /// <summary>How long a stop waits after SIGTERM before it kills the process tree.</summary>
    public TimeSpan StopTimeout { get; set; } = DefaultStopTimeout;

    /// <summary>
    /// With requests in flight llama-server ignores the first SIGTERM (and notices closed clients only on a 1 s poll);
    /// a second SIGTERM after this grace ends it at once.
    /// </summary>
    public TimeSpan InFlightStopGrace { get; set; } = DefaultInFlightStopGrace;

    /// <summary>Lines of output kept per model.</summary>
    public int LogCapacity { get; set; } = DefaultLogCapacity;

    /// <summary>Longer output lines are cut to this many characters.</summary>
    public int MaxLogLineLength { get; set; } = DefaultMaxLogLineLength;

    /// <summary>After an exit, how long to wait for the last output before reporting it (a grandchild may hold the pipe).</summary>
    public TimeSpan ExitOutputDrainTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Where each live child is recorded so that a later silo can reap it (null: no journal).</summary>
    public string? ChildJournalDirectory { get; set; }

    /// <summary>
    /// The hang watchdog: a Running model with requests in flight whose <c>/health</c> stops answering, or whose answer
    /// stops mid-way, is declared Crashed ("unresponsive") and its process killed. On by default.
    /// </summary>
    public bool WatchdogEnabled { get; set; } = true;

    /// <summary>How often <c>/health</c> is probed while requests are in flight.</summary>
    public TimeSpan HealthProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one probe may take before it counts as missed.</summary>
    public TimeSpan HealthProbeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Missed probes in a row that make a model unresponsive (defaults catch a frozen server in about 30-45 s).</summary>
    public int MaxMissedHealthProbes { get; set; } = 3;

    /// <summary>
    /// Silence in the middle of an answer (after its first token) that makes a model unresponsive even while
    /// <c>/health</c> answers. Prompt processing happens before the first token, so a long prompt never counts here.
    /// </summary>
    public TimeSpan GenerationStallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many of the server's last output lines a crash reason quotes.</summary>
    public int ReasonLogLines { get; set; } = 5;

    /// <summary>The memory the running models may need together, in MB (their <c>memory_mb</c> or estimate); 0: unlimited.</summary>
    public int MemoryBudgetMb { get; set; }

    /// <summary>How many models may hold a server process at once; 0: unlimited.</summary>
    public int MaxRunningModels { get; set; }

    /// <summary>How long a start may wait in the queue for room before it fails.</summary>
    public TimeSpan StartQueueTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The wait before the first restart of an <c>auto_restart</c> model; each next one waits twice as long.</summary>
    public TimeSpan RestartBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Restarts allowed within <see cref="RestartWindow"/>; one more crash and the model stays Crashed.</summary>
    public int MaxRestarts { get; set; } = 5;

    /// <summary>The window in which <see cref="MaxRestarts"/> counts.</summary>
    public TimeSpan RestartWindow { get; set; } = TimeSpan.FromMinutes(10);
}
