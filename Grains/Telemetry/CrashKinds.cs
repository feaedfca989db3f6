namespace Orchestrator.Grains.Telemetry;

/// <summary>Why a model went to Crashed, as a stable value for metrics and traces (the state's reason says it in words).</summary>
public static class CrashKinds
{
    /// <summary>The process exited (or was signalled) while running.</summary>
    public const string Exited = "exited";

    /// <summary>The process exited while loading the model.</summary>
    public const string ExitedWhileLoading = "exited_while_loading";

    /// <summary>Not ready within Orchestrator:LoadTimeout; killed.</summary>
    public const string LoadTimeout = "load_timeout";

    /// <summary>The watchdog found it unresponsive (a stalled stream, failed health probes); killed.</summary>
    public const string Unresponsive = "unresponsive";

    /// <summary>The process could not be launched.</summary>
    public const string SpawnFailed = "spawn_failed";

    /// <summary>Nothing to launch: the binary or the model file is missing.</summary>
    public const string NotStartable = "not_startable";

    /// <summary>No room in the budget: larger than the budget, or the queue timed out.</summary>
    public const string NoRoom = "no_room";

    /// <summary>The budget grain could not be asked for room (the call failed).</summary>
    public const string BudgetUnavailable = "budget_unavailable";
}
