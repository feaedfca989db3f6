using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>A model's state changed; <see cref="State"/> carries the new state and its timestamp.</summary>
/// <param name="Previous">The status before the change.</param>
/// <param name="State">The state after the change.</param>
[GenerateSerializer, Immutable, Alias("orch.ModelStateChanged")]
public sealed record ModelStateChanged([property: Id(0)] ModelStatus Previous, [property: Id(1)] ModelState State);
