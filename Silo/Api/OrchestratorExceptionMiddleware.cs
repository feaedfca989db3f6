using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Silo.Api;

/// <summary>Turns a grain's error into its problem details, wherever an endpoint let it through.</summary>
internal sealed class OrchestratorExceptionMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OrchestratorException e) when (!context.Response.HasStarted)
        {
            await Problems.From(e).ExecuteAsync(context);
        }
    }
}
