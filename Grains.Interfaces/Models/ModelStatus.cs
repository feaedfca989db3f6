namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>Where a model is in its life.</summary>
[GenerateSerializer, Alias("orch.ModelStatus")]
public enum ModelStatus
{
    /// <summary>No process; the initial state.</summary>
    Stopped,

    /// <summary>A process was spawned and is loading the model.</summary>
    Starting,

    /// <summary>The server answered ready; chats may run.</summary>
    Running,

    /// <summary>A stop is in progress: streams were ended and the process was signalled.</summary>
    Stopping,

    /// <summary>The process exited, failed to start or stopped answering; <see cref="ModelState.Reason"/> says why.</summary>
    Crashed,

    /// <summary>
    /// A start waits for room in the memory budget or the count of running models (<see cref="ModelState.QueuePosition"/>,
    /// <see cref="ModelState.Reason"/> says for what); it starts as soon as room appears.
    /// </summary>
    Queued,

    /// <summary>
    /// The node that runs the model is down or does not answer (cluster mode); <see cref="ModelState.Reason"/> names it. Set by
    /// the catalog, never by a grain: the model is never started elsewhere without its file.
    /// </summary>
    Unavailable,
}
