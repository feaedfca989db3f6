namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>A model's state as its grain last set it.</summary>
/// <param name="Id">The model.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Reason">
/// Why it is in this state, when that is not obvious: why it crashed, what a queued start waits for, which policy stopped or
/// restarted it (<see cref="Decision"/>). Null for a start or stop that was asked for.
/// </param>
/// <param name="Port">The server's port once known, else null.</param>
/// <param name="Pid">The server's process id while a process exists, else null.</param>
/// <param name="Since">When the status last changed.</param>
[GenerateSerializer, Immutable, Alias("orch.ModelState")]
public sealed record ModelState([property: Id(0)] ModelId Id, [property: Id(1)] ModelStatus Status, [property: Id(2)] string? Reason, [property: Id(3)] int? Port, [property: Id(4)] int? Pid, [property: Id(5)] DateTimeOffset Since)
{
    /// <summary>The policy that made this change (<see cref="Decisions"/>), or null when a user or a process did.</summary>
    [Id(6)]
    public string? Decision { get; init; }

    /// <summary>While <see cref="ModelStatus.Queued"/>: 1 for the next start to be served.</summary>
    [Id(7)]
    public int? QueuePosition { get; init; }

    /// <summary>What the model needs while running (declared or estimated), or null when it cannot be known yet.</summary>
    [Id(8)]
    public int? MemoryMb { get; init; }

    /// <summary>Where <see cref="MemoryMb"/> comes from: "declared", or the estimate's terms (file size and KV cache).</summary>
    [Id(9)]
    public string? MemorySource { get; init; }

    /// <summary>While Running with no chat in flight: since when (the last chat's end, or readiness).</summary>
    [Id(10)]
    public DateTimeOffset? IdleSince { get; init; }

    /// <summary>What the model's GGUF header says (architecture, parameters, context, quantisation, size), when it is one.</summary>
    [Id(11)]
    public Gguf.GgufFacts? Facts { get; init; }

    /// <summary>While Running: since when (its uptime); kept through a change that does not leave Running.</summary>
    [Id(12)]
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>The figures of the model's last answer that had a speed (kept after it stops), or null before any.</summary>
    [Id(13)]
    public AnswerStats? LastAnswer { get; init; }

    /// <summary>The node (silo name) whose grain, and so whose server, this is.</summary>
    [Id(14)]
    public string? Node { get; init; }
}
