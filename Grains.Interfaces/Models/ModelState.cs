namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>A model's state as its grain last set it.</summary>
/// <param name="Id">The model.</param>
/// <param name="Status">Where it is in its life.</param>
/// <param name="Reason">Why it crashed; null unless <see cref="ModelStatus.Crashed"/>.</param>
/// <param name="Port">The server's port once known, else null.</param>
/// <param name="Pid">The server's process id while a process exists, else null.</param>
/// <param name="Since">When the status last changed.</param>
public sealed record ModelState(ModelId Id, ModelStatus Status, string? Reason, int? Port, int? Pid, DateTimeOffset Since);
