namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>The names of the decisions the lifecycle policies make (<see cref="ModelState.Decision"/>), each with a reason.</summary>
public static class Decisions
{
    /// <summary>Stopped, idle, to make room for another model's start (memory budget, model count or its group).</summary>
    public const string Evicted = "evicted";

    /// <summary>A start waits for room.</summary>
    public const string Queued = "queued";

    /// <summary>Started again after a crash (<c>auto_restart</c>), or gave up doing so.</summary>
    public const string Restarted = "restarted";

    /// <summary>Stopped after <c>ttl</c> seconds without a chat.</summary>
    public const string IdleStopped = "idle-stopped";

    /// <summary>Stopped (after its chats ended) because models.json no longer lists it.</summary>
    public const string Removed = "removed";
}
