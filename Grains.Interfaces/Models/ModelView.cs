namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>What the API shows of a model: its registry description and its current state.</summary>
/// <param name="Id">The <c>full_identifier</c>.</param>
/// <param name="Provider">From models.json.</param>
/// <param name="Library">From models.json.</param>
/// <param name="Name">From models.json.</param>
/// <param name="Version">From models.json.</param>
/// <param name="Status">Where the model is in its life.</param>
/// <param name="Reason">Why it crashed; null unless <see cref="ModelStatus.Crashed"/>.</param>
/// <param name="Port">The server's port while it has one.</param>
/// <param name="Pid">The server's process id while a process exists.</param>
/// <param name="Since">When the status last changed.</param>
[GenerateSerializer, Immutable, Alias("orch.ModelView")]
public sealed record ModelView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Library,
    [property: Id(3)] string Name,
    [property: Id(4)] string Version,
    [property: Id(5)] ModelStatus Status,
    [property: Id(6)] string? Reason,
    [property: Id(7)] int? Port,
    [property: Id(8)] int? Pid,
    [property: Id(9)] DateTimeOffset Since)
{
    /// <summary>Combines a model's description with its state.</summary>
    public static ModelView From(ModelDefinition model, ModelState state) =>
        new(model.Id.Value, model.Provider, model.Library, model.Name, model.Version, state.Status, state.Reason, state.Port, state.Pid, state.Since);
}
