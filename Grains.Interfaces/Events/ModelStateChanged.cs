using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>A model's state changed; <see cref="State"/> carries the new state and its timestamp.</summary>
/// <param name="Previous">The status before the change.</param>
/// <param name="State">The state after the change.</param>
[GenerateSerializer, Immutable, Alias("orch.ModelStateChanged")]
public sealed record ModelStateChanged([property: Id(0)] ModelStatus Previous, [property: Id(1)] ModelState State)
{
    /// <summary>
    /// True when this change is an answer that ended (<see cref="ModelState.LastAnswer"/> is new) rather than a change of
    /// status: consumers that chart speeds take these, the ones that follow the life cycle can skip them.
    /// </summary>
    [Id(2)]
    public bool Answered { get; init; }
}
