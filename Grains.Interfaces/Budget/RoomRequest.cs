namespace Orchestrator.Grains.Interfaces.Budget;

/// <summary>A model's request for room to start.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="Ticket">Names this request in later calls (a new request of the model has a higher one).</param>
/// <param name="MemoryMb">What it needs while running.</param>
/// <param name="Group">Its group: the other running models of the group are asked to stop once idle.</param>
/// <param name="UseSequence">The sequence of the model's last use report: older reports still on their way are ignored.</param>
[GenerateSerializer, Immutable, Alias("orch.RoomRequest")]
public sealed record RoomRequest([property: Id(0)] string ModelId, [property: Id(1)] long Ticket, [property: Id(2)] int MemoryMb, [property: Id(3)] string? Group, [property: Id(4)] long UseSequence);

/// <summary>The budget's answer to a <see cref="RoomRequest"/>.</summary>
/// <param name="Outcome">Granted, queued or denied.</param>
/// <param name="Reason">Queued: what it waits for. Denied: why it can never fit.</param>
/// <param name="Position">Queued: its place, 1 first.</param>
[GenerateSerializer, Immutable, Alias("orch.RoomAnswer")]
public sealed record RoomAnswer([property: Id(0)] RoomOutcome Outcome, [property: Id(1)] string? Reason = null, [property: Id(2)] int? Position = null);

/// <summary>What became of a request for room.</summary>
[GenerateSerializer, Alias("orch.RoomOutcome")]
public enum RoomOutcome
{
    /// <summary>It fits: start now.</summary>
    Granted,

    /// <summary>It waits in the queue.</summary>
    Queued,

    /// <summary>It can never fit (bigger than the whole budget).</summary>
    Denied,
}

/// <summary>The budget as <c>orch ps</c> shows it.</summary>
/// <param name="MemoryBudgetMb">Orchestrator:MemoryBudgetMb; 0 is unlimited.</param>
/// <param name="MemoryInUseMb">What the models holding room need (running, starting or stopping).</param>
/// <param name="MaxRunningModels">Orchestrator:MaxRunningModels; 0 is unlimited.</param>
/// <param name="RunningModels">How many models hold room.</param>
/// <param name="Queue">The queued starts, first first.</param>
[GenerateSerializer, Immutable, Alias("orch.BudgetView")]
public sealed record BudgetView(
    [property: Id(0)] int MemoryBudgetMb,
    [property: Id(1)] int MemoryInUseMb,
    [property: Id(2)] int MaxRunningModels,
    [property: Id(3)] int RunningModels,
    [property: Id(4)] IReadOnlyList<string> Queue);
