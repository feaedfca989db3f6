using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Silo.Api;

/// <summary>
/// Reads the model id of <c>/v1/models/{id}/...</c> from the raw request target. Kestrel decodes <c>%3A</c> but leaves
/// <c>%2F</c> encoded in the path it routes on, so the routed value is neither raw nor decoded; the raw segment decoded
/// exactly once is the id, whatever it contains (<c>/ : @ . %</c>, spaces).
/// </summary>
internal static class ModelRoute
{
    private const int IdSegment = 3; // "", "v1", "models", "{id}"

    /// <summary>
    /// The model of the request: one this node's models.json lists, or, in a cluster, one another node lists (the catalog
    /// knows; its view is <c>Remote</c>). Else the problem to answer (400 for a bad segment, 404 for a model no node lists).
    /// </summary>
    public static async Task<(ModelId? Id, ModelView? Remote, ProblemHttpResult? Problem)> ResolveAsync(HttpContext context, IModelDefinitions models, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!TryParse(context, out var id, out var problem))
        {
            return (null, null, problem);
        }

        if (models.TryGet(id, out _))
        {
            return (id, null, null);
        }

        try
        {
            var view = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetAsync(id.Value, cancellationToken);
            // Its node is down: say so, rather than let the call find no node with the file (404).
            return view.Status == ModelStatus.Unavailable ? (null, null, Problems.Unavailable(id.Value, view.Reason)) : (id, view, null);
        }
        catch (ModelNotFoundException e)
        {
            return (null, null, Problems.From(e));
        }
    }

    private static bool TryParse(HttpContext context, [NotNullWhen(true)] out ModelId? id, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        id = null;
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var path = raw.Split('?', 2)[0];
        var segments = path.Split('/');
        var segment = segments.Length > IdSegment ? segments[IdSegment] : string.Empty;
        if (!IsWellEncoded(segment))
        {
            problem = Problems.BadRequest($"The model id segment \"{segment}\" is not valid percent-encoding: encode the full_identifier as one path segment ('/' as %2F, ':' as %3A, '%' as %25).");
            return false;
        }

        var decoded = Uri.UnescapeDataString(segment);
        if (!ModelId.TryCreate(decoded, out id) || id is null)
        {
            problem = EmptyId();
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>The answer to a request whose model id segment is empty or blank.</summary>
    public static ProblemHttpResult EmptyId() =>
        Problems.BadRequest("The model id is empty: put the model's full_identifier, percent-encoded, after /v1/models/.");

    private static bool IsWellEncoded(string segment)
    {
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '%' && (i + 2 >= segment.Length || !Uri.IsHexDigit(segment[i + 1]) || !Uri.IsHexDigit(segment[i + 2])))
            {
                return false;
            }
        }

        return true;
    }
}
