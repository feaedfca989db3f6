using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Models;

namespace Orchestrator.Silo.Api;

/// <summary><c>GET /v1/events</c> (every state change of every model, as SSE) and <c>GET /healthz</c>.</summary>
internal static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/events", StreamAsync);
        app.MapGet("/healthz", () => TypedResults.Json(new HealthView("ok", Environment.ProcessId), SiloJsonContext.Default.HealthView));
        return app;
    }

    private static async Task StreamAsync(HttpContext context, ModelDirectory models, IOptions<SiloOptions> options)
    {
        var aborted = context.RequestAborted;
        var changes = models.SubscribeAsync(aborted);
        var sse = new SseWriter(context.Response);
        try
        {
            await sse.PumpAsync(
                changes,
                options.Value.KeepAliveInterval,
                change => sse.WriteAsync("state", ModelEventView.From(change), SiloJsonContext.Default.ModelEventView, aborted),
                aborted);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && aborted.IsCancellationRequested)
        {
            // Subscribers end by leaving.
        }
    }
}
