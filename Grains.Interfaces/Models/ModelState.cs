namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>A model's state as its grain last set it.</summary>
/// <param name="Id">The model.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Reason">Why it crashed; null unless <see cref="ModelStatus.Crashed"/>.</param>
/// <param name="Port">The server's port once known, else null.</param>
/// <param name="Pid">The server's process id while a process exists, else null.</param>
/// <param name="Since">When the status last changed.</param>
[GenerateSerializer, Immutable, Alias("orch.ModelState")]
public sealed record ModelState([property: Id(0)] ModelId Id, [property: Id(1)] ModelStatus Status, [property: Id(2)] string? Reason, [property: Id(3)] int? Port, [property: Id(4)] int? Pid, [property: Id(5)] DateTimeOffset Since);
