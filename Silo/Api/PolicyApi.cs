using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Silo.Api;

/// <summary><c>GET /v1/registry</c> (models.json in use, and the error of an edit that could not be used) and <c>GET /v1/budget</c>.</summary>
internal static class PolicyApi
{
    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/registry", RegistryAsync);
        app.MapGet("/v1/budget", BudgetAsync);
        return app;
    }

    private static async Task<Ok<RegistryView>> RegistryAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        TypedResults.Ok(await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetRegistryAsync(cancellationToken));

    private static async Task<Ok<BudgetView>> BudgetAsync(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetBudgetAsync());
}
