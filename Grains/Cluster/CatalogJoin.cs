using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Cluster;

/// <summary>
/// The cluster's catalog from its nodes' lists: each model once, with the nodes that list it. A model only a node that is
/// down (or not answering) lists is shown from that node's last list, <see cref="ModelStatus.Unavailable"/> with the reason.
/// </summary>
internal static class CatalogJoin
{
    /// <summary>A node whose list could not be had now, its last list, and why.</summary>
    public sealed record Missing(NodeModels LastList, string Reason);

    public static IReadOnlyList<ModelView> Join(IEnumerable<NodeModels> answered, IEnumerable<Missing> missing)
    {
        var order = new List<string>();
        var views = new Dictionary<string, ModelView>(StringComparer.Ordinal);
        var nodes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var list in answered)
        {
            foreach (var view in list.Models)
            {
                if (!views.TryGetValue(view.Id, out var known))
                {
                    order.Add(view.Id);
                    nodes[view.Id] = [];
                    views[view.Id] = view;
                }
                else if (known.Status == ModelStatus.Unavailable && view.Status != ModelStatus.Unavailable)
                {
                    views[view.Id] = view; // another node reached the grain
                }

                if (!nodes[view.Id].Contains(list.Node))
                {
                    nodes[view.Id].Add(list.Node);
                }
            }
        }

        foreach (var (lastList, reason) in missing)
        {
            foreach (var view in lastList.Models.Where(v => !views.ContainsKey(v.Id)))
            {
                order.Add(view.Id);
                nodes[view.Id] = [lastList.Node];
                views[view.Id] = Unavailable(view, lastList.Node, reason);
            }
        }

        return order.Select(id => views[id] with { Nodes = nodes[id] }).ToArray();
    }

    private static ModelView Unavailable(ModelView last, string node, string reason) => last with
    {
        Status = ModelStatus.Unavailable,
        Reason = reason,
        Port = null,
        Pid = null,
        Node = node,
        Decision = null,
        QueuePosition = null,
        IdleSince = null,
        RunningSince = null,
    };
}
