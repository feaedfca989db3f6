using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Interfaces;

/// <summary>
/// The list of models: models.json with every model's current state. Orleans clients have no other view of the registry.
/// There is one, at <see cref="Key"/>.
/// </summary>
[Alias("orch.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The key of the one catalog.</summary>
    public const long Key = 0;

    /// <summary>Every model of models.json with its state, in file order.</summary>
    [Alias("List")]
    Task<IReadOnlyList<ModelView>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One model with its state; throws <see cref="Errors.ModelNotFoundException"/> for an id not in models.json.</summary>
    [Alias("Get")]
    Task<ModelView> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Which models.json is served, and the error of its last edit when that edit could not be used.</summary>
    [Alias("GetRegistry")]
    Task<RegistryView> GetRegistryAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops every running model at once and completes when no server process is left (silo shutdown).</summary>
    [Alias("StopAll")]
    [ResponseTimeout(IModelGrain.LongCallTimeout)]
    Task StopAllAsync(CancellationToken cancellationToken = default);
}
