using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orleans.Concurrency;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The list of models: the registry the silo loaded, joined with each model grain's state. It keeps no state of its own
/// (the model grains own theirs), so it may answer many callers at once.
/// </summary>
[Reentrant]
public sealed class ModelCatalogGrain(IModelDefinitions registry) : Grain, IModelCatalogGrain
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var states = await Task.WhenAll(registry.Models.Select(m => Model(m).GetStateAsync(cancellationToken)));
        return registry.Models.Zip(states, ModelView.From).ToArray();
    }

    /// <inheritdoc />
    public async Task<ModelView> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!ModelId.TryCreate(id, out var modelId) || !registry.TryGet(modelId!, out var model))
        {
            throw new ModelNotFoundException(id);
        }

        return ModelView.From(model, await Model(model).GetStateAsync(cancellationToken));
    }

    /// <inheritdoc />
    public Task<RegistryView> GetRegistryAsync(CancellationToken cancellationToken = default) => Task.FromResult(registry.Describe());

    /// <inheritdoc />
    public Task StopAllAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(registry.Models.Select(m => Model(m).StopAsync(cancellationToken)));

    private IModelGrain Model(ModelDefinition model) => GrainFactory.GetGrain<IModelGrain>(model.Id.Value);
}
