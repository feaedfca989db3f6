using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Interfaces;

/// <summary>
/// The list of models: every node's models.json with every model's current state. Orleans clients have no other view of the
/// registry. Call it at <see cref="Key"/>; each silo answers its own callers.
/// </summary>
[Alias("orch.IModelCatalogGrain")]
public interface IModelCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The catalog's key.</summary>
    public const long Key = 0;

    /// <summary>
    /// Every model of every node's models.json, once, with its state and <see cref="ModelView.Nodes"/>: this silo's models
    /// first, in file order, then the other nodes' by node name. A model only a node that is down lists is
    /// <see cref="ModelStatus.Unavailable"/>.
    /// </summary>
    [Alias("List")]
    Task<IReadOnlyList<ModelView>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>One model with its state; throws <see cref="Errors.ModelNotFoundException"/> for an id no node lists.</summary>
    [Alias("Get")]
    Task<ModelView> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Which models.json is served, and the error of its last edit when that edit could not be used.</summary>
    [Alias("GetRegistry")]
    Task<RegistryView> GetRegistryAsync(CancellationToken cancellationToken = default);

    /// <summary>The memory budget of the node this catalog answers from (the silo whose gateway the caller uses).</summary>
    [Alias("GetBudget")]
    Task<Budget.BudgetView> GetBudgetAsync(CancellationToken cancellationToken = default);
}
