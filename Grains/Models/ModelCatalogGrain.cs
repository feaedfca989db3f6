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
/// answers its own callers, and a node's death takes no other node's catalog with it. Each list it gets is kept by this
/// node that answered: a node that goes down is shown from its last list, which any live node may have.
/// </summary>
[StatelessWorker(1)]
[Reentrant]
public sealed class ModelCatalogGrain(IModelDefinitions registry, IClusterMembershipService membership, ILocalSiloDetails silo) : Grain, IModelCatalogGrain
{
    /// <summary>A node that does not list its models within this is shown from its last list, "not answering".</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>How long another node may take to say what it remembers of a node that is down.</summary>
    private static readonly TimeSpan MemoryTimeout = TimeSpan.FromSeconds(1);

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
        var silent = new List<ClusterMember>();
        var got = new Dictionary<string, NodeModels>(StringComparer.Ordinal);
        foreach (var (member, list) in active.Zip(lists))
        {
            if (list is not null)
            {
                answered.Add(list);
                got[INodeGrain.KeyOf(member.SiloAddress)] = list;
            }
            else
            {
                silent.Add(member);
            }
        }

        if (members.Length > 1)
        {
            // Every node that answered keeps what this catalog got (one-way): whichever of them survives can tell.
            foreach (var key in got.Keys)
            {
                _ = GrainFactory.GetGrain<INodeGrain>(key).RememberAsync(got);
            }
        }

        var down = members.Except(active).ToArray();
        // A node that left the membership's view altogether is down too, if this node kept its list.
        var remembered = await LocalNode.LastListsAsync(); // empty on a single silo: nothing is remembered there
        var known = members.Select(m => INodeGrain.KeyOf(m.SiloAddress)).ToHashSet(StringComparer.Ordinal);
        var vanished = remembered.Where(r => !known.Contains(r.Key)).Select(r => new CatalogJoin.Missing(r.Value, $"node \"{r.Value.Node}\" is down (gone)")).ToArray();
        if (silent.Count == 0 && down.Length == 0)
        {
            return CatalogJoin.Join(answered, vanished);
        }

        var helpers = active.Except(silent).Select(m => m.SiloAddress).ToArray();
        var missing = await Task.WhenAll(silent.Select(m => (Member: m, Reason: $"node \"{m.Name}\" is not answering"))
            .Concat(down.Select(m => (Member: m, Reason: $"node \"{m.Name}\" is down ({m.Status})")))
            .Select(async m => (await LastListOfAsync(m.Member.SiloAddress, remembered, helpers), m.Reason)));
        return CatalogJoin.Join(answered, missing.Where(m => m.Item1 is not null).Select(m => new CatalogJoin.Missing(m.Item1!, m.Reason)).Concat(vanished));
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

    /// <summary>
    /// The last list of <paramref name="node"/> that this silo's node grain kept (<paramref name="remembered"/>), else the first that one of the
    /// <paramref name="helpers"/> (the nodes that answered) kept: a silo that never saw the node's list can still show it.
    /// </summary>
    private async Task<NodeModels?> LastListOfAsync(SiloAddress node, IReadOnlyDictionary<string, NodeModels> remembered, SiloAddress[] helpers)
    {
        var key = INodeGrain.KeyOf(node);
        if (remembered.TryGetValue(key, out var kept))
        {
            return kept;
        }

        var answers = await Task.WhenAll(helpers.Where(h => !h.Equals(silo.SiloAddress)).Select(async helper =>
        {
            try
            {
                return await GrainFactory.GetGrain<INodeGrain>(INodeGrain.KeyOf(helper)).LastListOfAsync(key).WaitAsync(MemoryTimeout);
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or InvalidOperationException)
            {
                return null;
            }
        }));
        return answers.FirstOrDefault(a => a is not null);
    }

    private INodeGrain LocalNode => GrainFactory.GetGrain<INodeGrain>(INodeGrain.KeyOf(silo.SiloAddress));
}
