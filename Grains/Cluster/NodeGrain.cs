using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orleans.Concurrency;

namespace Orchestrator.Grains.Cluster;

/// <summary>
/// This silo as a node of the cluster: its models.json, its budget's room, and the model grains it hosts. Reentrant: it
/// keeps only the set of hosted models, and placement asks it while it lists (a listing activates model grains).
/// </summary>
[NodePlacement]
[Reentrant]
[KeepAlive] // the set of hosted models (which servers a shutdown must stop here) and the nodes' last lists live only here
public sealed class NodeGrain(IModelDefinitions registry, ILocalSiloDetails silo, IClusterMembershipService membership) : Grain, INodeGrain
{
    /// <summary>Within the catalog's own 2 s wait for this node, so the node answers with the rest.</summary>
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(1.5);

    private readonly HashSet<string> _hosted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeModels> _lastLists = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Placed on another silo (the one named is gone): it must not answer for a node it is not.
        if (this.GetPrimaryKeyString() != INodeGrain.KeyOf(silo.SiloAddress))
        {
            throw new InvalidOperationException($"The node grain of {this.GetPrimaryKeyString()} is not on that silo; it is gone.");
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<NodeOffer> OfferAsync(string modelId)
    {
        if (!ModelId.TryCreate(modelId, out var id) || !registry.TryGet(id!, out _))
        {
            return new NodeOffer(false, 0, 0);
        }

        var budget = await Budget.GetAsync();
        return new NodeOffer(
            true,
            budget.MemoryBudgetMb == 0 ? int.MaxValue : Math.Max(0, budget.MemoryBudgetMb - budget.MemoryInUseMb),
            budget.MaxRunningModels == 0 ? int.MaxValue : Math.Max(0, budget.MaxRunningModels - budget.RunningModels));
    }

    /// <inheritdoc />
    public async Task<NodeModels> ListAsync(CancellationToken cancellationToken = default)
    {
        var models = registry.Models;
        var states = await Task.WhenAll(models.Select(m => StateOfAsync(m.Id, cancellationToken)));
        return new NodeModels(silo.Name, models.Zip(states, ModelView.From).ToArray());
    }

    /// <summary>
    /// A model's state from its grain, which may run on another node (a model several nodes list): one that does not answer
    /// in time is shown Unavailable rather than holding up the whole list.
    /// </summary>
    private async Task<ModelState> StateOfAsync(ModelId id, CancellationToken cancellationToken)
    {
        var asking = GrainFactory.GetGrain<IModelGrain>(id.Value).GetStateAsync(cancellationToken);
        if (membership.CurrentSnapshot.Members.Count <= 1)
        {
            return await asking; // one silo: every grain is here, slow at worst
        }

        try
        {
            return await asking.WaitAsync(StateTimeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ModelState(id, ModelStatus.Unavailable, $"its node did not answer: {e.Message}", null, null, DateTimeOffset.UtcNow);
        }
    }

    /// <inheritdoc />
    public Task RememberAsync(IReadOnlyDictionary<string, NodeModels> lists)
    {
        foreach (var (key, list) in lists)
        {
            _lastLists[key] = list;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<NodeModels?> LastListOfAsync(string nodeKey) => Task.FromResult(_lastLists.GetValueOrDefault(nodeKey));

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, NodeModels>> LastListsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, NodeModels>>(new Dictionary<string, NodeModels>(_lastLists, StringComparer.Ordinal));

    /// <inheritdoc />
    public Task HostingAsync(string modelId)
    {
        _hosted.Add(modelId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task LeftAsync(string modelId)
    {
        _hosted.Remove(modelId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAllAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_hosted.ToArray().Select(id => GrainFactory.GetGrain<IModelGrain>(id).StopAsync(cancellationToken)));

    private IModelBudgetGrain Budget => GrainFactory.GetGrain<IModelBudgetGrain>(this.GetPrimaryKeyString());
}
