using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Silo.Api;

/// <summary>The model endpoints: list, view, start, stop, chat, logs.</summary>
internal static class ModelsApi
{
    public static RouteGroupBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/start", StartAsync);
        group.MapPost("/{id}/stop", StopAsync);
        group.MapPost("/{id}/chat", ChatEndpoint.HandleAsync);
        group.MapGet("/{id}/logs", LogsEndpoint.HandleAsync);
        return group;
    }

    private static async Task<Ok<ModelView[]>> ListAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var views = await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).ListAsync(cancellationToken);
        return TypedResults.Ok(views.ToArray());
    }

    private static async Task<Results<Ok<ModelView>, ProblemHttpResult>> GetAsync(HttpContext context, IModelDefinitions models, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (id, remote, problem) = await ModelRoute.ResolveAsync(context, models, grains, cancellationToken);
        return id is null ? problem! : TypedResults.Ok(remote ?? await ViewAsync(id, models, grains, state: null, cancellationToken));
    }

    private static Task<Results<Ok<ModelView>, ProblemHttpResult>> StartAsync(HttpContext context, IModelDefinitions models, IGrainFactory grains, CancellationToken cancellationToken) =>
        OnModelAsync(context, models, grains, (grain, ct) => grain.StartAsync(ct), cancellationToken);

    private static Task<Results<Ok<ModelView>, ProblemHttpResult>> StopAsync(HttpContext context, IModelDefinitions models, IGrainFactory grains, CancellationToken cancellationToken) =>
        OnModelAsync(context, models, grains, (grain, ct) => grain.StopAsync(ct), cancellationToken);

    private static async Task<Results<Ok<ModelView>, ProblemHttpResult>> OnModelAsync(
        HttpContext context,
        IModelDefinitions models,
        IGrainFactory grains,
        Func<IModelGrain, CancellationToken, Task<ModelState>> action,
        CancellationToken cancellationToken)
    {
        var (id, _, problem) = await ModelRoute.ResolveAsync(context, models, grains, cancellationToken);
        if (id is null)
        {
            return problem!;
        }

        var state = await action(grains.GetGrain<IModelGrain>(id.Value), cancellationToken);
        return TypedResults.Ok(await ViewAsync(id, models, grains, state, cancellationToken));
    }

    /// <summary>
    /// The model's view: from this node's models.json and the grain's state, or, for a model only other nodes list, the
    /// catalog's (which knows their entries).
    /// </summary>
    private static async Task<ModelView> ViewAsync(ModelId id, IModelDefinitions models, IGrainFactory grains, ModelState? state, CancellationToken cancellationToken) =>
        models.TryGet(id, out var model)
            ? ModelView.From(model, state ?? await grains.GetGrain<IModelGrain>(id.Value).GetStateAsync(cancellationToken))
            : await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetAsync(id.Value, cancellationToken);
}
