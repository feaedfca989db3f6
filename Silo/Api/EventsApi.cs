using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Streaming;

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

    private static async Task StreamAsync(HttpContext context, IClusterClient client, IOptions<SiloOptions> options, IHostApplicationLifetime lifetime)
    {
        // Ends when the client leaves or the silo shuts down: an open follower must not hold the shutdown up.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ended.Token;
        await using var inbox = await StreamInbox.SubscribeAsync<ModelStateChanged>(client, OrchestratorStreams.Events, SseWriter.SubscriberBacklog);
        var sse = new SseWriter(context.Response);
        try
        {
            await sse.PumpAsync(
                inbox.ReadAllAsync(aborted),
                options.Value.KeepAliveInterval,
                change => sse.WriteAsync("state", ModelEventView.From(change), SiloJsonContext.Default.ModelEventView, aborted),
                aborted);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && aborted.IsCancellationRequested)
        {
            // Subscribers end by leaving, or with the silo.
        }
    }
}
