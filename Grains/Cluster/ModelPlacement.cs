using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Cluster;
using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Orchestrator.Grains.Cluster;

/// <summary>
/// Places a model's grain (and so its server) on a node whose models.json lists the model: of those, the one with the most
/// free memory in its budget, then the most free slots, then this silo. A model no node lists is placed here, where it
/// answers "not found"; it is never placed on a node without its file. With one silo there is nothing to ask.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking, Alias("orch.ModelPlacement")]
public sealed class ModelPlacement : PlacementStrategy
{
    internal static ModelPlacement Singleton { get; } = new();
}

/// <summary>Marks the model grain as placed by <see cref="ModelPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ModelPlacementAttribute() : PlacementAttribute(ModelPlacement.Singleton);

/// <summary>The director of <see cref="ModelPlacement"/>: asks every compatible silo's node grain, in parallel.</summary>
internal sealed partial class ModelPlacementDirector(IGrainFactory grains, ILogger<ModelPlacementDirector> logger) : IPlacementDirector
{
    /// <summary>A node that does not answer within this is passed over (it may be dying).</summary>
    public static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(2);

    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (silos.Length <= 1)
        {
            return silos.Length == 1 ? silos[0] : context.LocalSilo;
        }

        var modelId = target.GrainIdentity.Key.ToString()!;
        var offers = await Task.WhenAll(silos.Select(silo => OfferOfAsync(silo, modelId)));
        var best = offers
            .Where(o => o.Offer.Listed)
            .OrderByDescending(o => o.Offer.FreeMb)
            .ThenByDescending(o => o.Offer.FreeSlots)
            .ThenByDescending(o => o.Silo.Equals(context.LocalSilo))
            .Select(o => o.Silo)
            .FirstOrDefault();
        return best ?? context.LocalSilo;
    }

    private async Task<(SiloAddress Silo, NodeOffer Offer)> OfferOfAsync(SiloAddress silo, string modelId)
    {
        try
        {
            var offer = await grains.GetGrain<INodeGrain>(INodeGrain.KeyOf(silo)).OfferAsync(modelId).WaitAsync(OfferTimeout);
            return (silo, offer);
        }
        catch (Exception e) when (e is TimeoutException or OrleansException or OperationCanceledException or InvalidOperationException)
        {
            // A node that just died, or whose node grain found itself elsewhere: it offers nothing.
            LogNoOffer(modelId, silo.ToString(), e.Message);
            return (silo, new NodeOffer(false, 0, 0));
        }
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "Placing {Model}: the node at {Silo} did not answer ({Reason}); passed over")]
    private partial void LogNoOffer(string model, string silo, string reason);
}
