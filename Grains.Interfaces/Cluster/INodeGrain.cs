using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Cluster;

/// <summary>
/// One silo of the cluster as a node: what its models.json lists and how much room its budget has. There is one per silo,
/// keyed by <see cref="KeyOf"/> of the silo's address and placed on that silo (<c>NodePlacement</c>), so it answers with the
/// silo's own registry and budget.
/// </summary>
[Alias("orch.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>The key of the node grain (and the budget grain) of <paramref name="silo"/>.</summary>
    public static string KeyOf(SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.ToParsableString();
    }

    /// <summary>Whether this node lists <paramref name="modelId"/>, and the room its budget has now (for placement).</summary>
    [Alias("Offer")]
    Task<NodeOffer> OfferAsync(string modelId);

    /// <summary>The node's name and its models.json with each model's state, in file order.</summary>
    [Alias("List")]
    Task<NodeModels> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Keeps <paramref name="lists"/> as the last lists of the nodes they name (by <see cref="KeyOf"/>): a catalog tells every
    /// node that answered what it got, so that a node that goes down can still be shown by any node's catalog.
    /// </summary>
    [Alias("Remember"), Orleans.Concurrency.OneWay]
    Task RememberAsync(IReadOnlyDictionary<string, NodeModels> lists);

    /// <summary>The last list of node <paramref name="nodeKey"/> this node was told of, or null.</summary>
    [Alias("LastListOf")]
    Task<NodeModels?> LastListOfAsync(string nodeKey);

    /// <summary>Every node's last list this node was told of, by node key.</summary>
    [Alias("LastLists")]
    Task<IReadOnlyDictionary<string, NodeModels>> LastListsAsync();

    /// <summary>A model grain was activated on this node (so its server, if any, runs here).</summary>
    [Alias("Hosting"), Orleans.Concurrency.OneWay]
    Task HostingAsync(string modelId);

    /// <summary>A model grain of this node was deactivated.</summary>
    [Alias("Left"), Orleans.Concurrency.OneWay]
    Task LeftAsync(string modelId);

    /// <summary>Stops every model whose grain runs on this node and completes when none of its servers is left (shutdown).</summary>
    [Alias("StopAll")]
    [ResponseTimeout(IModelGrain.LongCallTimeout)]
    Task StopAllAsync(CancellationToken cancellationToken = default);
}

/// <summary>A node's answer to placement.</summary>
/// <param name="Listed">Its models.json lists the model (it has the file).</param>
/// <param name="FreeMb">Memory its budget has left; <see cref="int.MaxValue"/> without a memory budget.</param>
/// <param name="FreeSlots">Models it may still start; <see cref="int.MaxValue"/> without a count limit.</param>
[GenerateSerializer, Immutable, Alias("orch.NodeOffer")]
public sealed record NodeOffer([property: Id(0)] bool Listed, [property: Id(1)] int FreeMb, [property: Id(2)] int FreeSlots);

/// <summary>A node's models.</summary>
/// <param name="Node">The node's name (Orleans' silo name: <c>Orchestrator:Cluster:NodeName</c>).</param>
/// <param name="Models">Its models.json's models with their state, in file order.</param>
[GenerateSerializer, Immutable, Alias("orch.NodeModels")]
public sealed record NodeModels([property: Id(0)] string Node, [property: Id(1)] IReadOnlyList<ModelView> Models);
