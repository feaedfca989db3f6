using Orchestrator.Grains.Interfaces.Cluster;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Orchestrator.Grains.Cluster;

/// <summary>
/// Places a grain keyed by <see cref="INodeGrain.KeyOf"/> of a silo's address on that silo: each silo's node and budget
/// grains live where its registry, budget and processes are. A key naming a silo that is gone (or is not a silo address)
/// is placed locally, where it answers for the local silo only if the key is the local one.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("orch.NodePlacement")]
public sealed class NodePlacement : PlacementStrategy
{
    internal static NodePlacement Singleton { get; } = new();
}

/// <summary>Marks a grain keyed by a silo address as living on that silo (<see cref="NodePlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NodePlacementAttribute() : PlacementAttribute(NodePlacement.Singleton);

/// <summary>The director of <see cref="NodePlacement"/>: answers at once, no call.</summary>
internal sealed class NodePlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        var named = context.GetCompatibleSilos(target).FirstOrDefault(silo => INodeGrain.KeyOf(silo) == key);
        return Task.FromResult(named ?? context.LocalSilo);
    }
}
