using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>A model's state changed; <see cref="State"/> carries the new state and its timestamp.</summary>
/// <param name="Previous">The status before the change.</param>
/// <param name="State">The state after the change.</param>
public sealed record ModelStateChanged(ModelStatus Previous, ModelState State);
