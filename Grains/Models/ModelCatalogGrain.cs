using Orchestrator.Grains.Cluster;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orleans.Concurrency;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The list of models: every node's models.json joined with each model grain's state. A stateless worker, so each silo
/// answers its own callers, and a node's death takes no other node's catalog with it. What it remembers (each node's last
/// list) only lets it say which models a node that went down had.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
[KeepAlive] // what it remembers of each node's list is all it can show of a node that goes down
public sealed class ModelCatalogGrain(IModelDefinitions registry, IClusterMembershipService membership, ILocalSiloDetails silo) : Grain, IModelCatalogGrain
{
    /// <summary>A node that does not list its models within this is shown from its last list, "not answering".</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<SiloAddress, NodeModels> _lastLists = [];

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelView>> ListAsync(CancellationToken cancellationToken = default)
    {
        var members = membership.CurrentSnapshot.Members.Values
            .OrderByDescending(m => m.SiloAddress.Equals(silo.SiloAddress))
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .ToArray();
        var active = members.Where(m => m.Status == SiloStatus.Active || m.SiloAddress.Equals(silo.SiloAddress)).ToArray();
        var lists = await Task.WhenAll(active.Select(m => ListOfAsync(m.SiloAddress, waitAtMost: m.SiloAddress.Equals(silo.SiloAddress) ? null : NodeTimeout, cancellationToken)));
        var answered = new List<NodeModels>();
        var missing = new List<CatalogJoin.Missing>();
        foreach (var (member, list) in active.Zip(lists))
        {
            if (list is not null)
            {
                _lastLists[member.SiloAddress] = list;
                answered.Add(list);
            }
            else if (_lastLists.TryGetValue(member.SiloAddress, out var last))
            {
                missing.Add(new(last, $"node \"{member.Name}\" is not answering"));
            }
        }

        foreach (var member in members.Except(active))
        {
            if (_lastLists.TryGetValue(member.SiloAddress, out var last))
            {
                missing.Add(new(last, $"node \"{member.Name}\" is down ({member.Status})"));
            }
        }

        return CatalogJoin.Join(answered, missing);
    }

    /// <inheritdoc />
    public async Task<ModelView> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!ModelId.TryCreate(id, out var modelId))
        {
            throw new ModelNotFoundException(id);
        }

        if (membership.CurrentSnapshot.Members.Count <= 1)
        {
            // One silo: its registry is the catalog.
            return registry.TryGet(modelId!, out var model)
                ? ModelView.From(model, await GrainFactory.GetGrain<IModelGrain>(model.Id.Value).GetStateAsync(cancellationToken))
                : throw new ModelNotFoundException(id);
        }

        var views = await ListAsync(cancellationToken);
        return views.FirstOrDefault(v => v.Id == modelId!.Value) ?? throw new ModelNotFoundException(id);
    }

    /// <inheritdoc />
    public Task<RegistryView> GetRegistryAsync(CancellationToken cancellationToken = default) => Task.FromResult(registry.Describe());

    /// <inheritdoc />
    public Task<BudgetView> GetBudgetAsync(CancellationToken cancellationToken = default) =>
        GrainFactory.GetGrain<IModelBudgetGrain>(INodeGrain.KeyOf(silo.SiloAddress)).GetAsync();

    /// <summary>A node's list; this silo's own is always waited for (a busy machine is slow, not gone).</summary>
    private async Task<NodeModels?> ListOfAsync(SiloAddress node, TimeSpan? waitAtMost, CancellationToken cancellationToken)
    {
        try
        {
            var listing = GrainFactory.GetGrain<INodeGrain>(INodeGrain.KeyOf(node)).ListAsync(cancellationToken);
            return await (waitAtMost is { } timeout ? listing.WaitAsync(timeout, cancellationToken) : listing);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever the reason (a timeout, a silo that just died, its node grain refusing to live elsewhere), the
            // node did not give its list now: it is shown from the last one.
            return null;
        }
    }
}
