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

    private static Task<Results<Ok<ModelView>, ProblemHttpResult>> GetAsync(HttpContext context, IModelDefinitions models, IGrainFactory grains, CancellationToken cancellationToken) =>
        OnModelAsync(context, models, grains, (grain, ct) => grain.GetStateAsync(ct), cancellationToken);

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
        if (!ModelRoute.TryResolve(context, models, out var model, out var problem))
        {
            return problem;
        }

        var state = await action(grains.GetGrain<IModelGrain>(model.Id.Value), cancellationToken);
        return TypedResults.Ok(ModelView.From(model, state));
    }
}
