using Microsoft.Extensions.Options;
using Orchestrator.Grains.Models;

namespace Orchestrator.Silo.Api;

/// <summary><c>GET /v1/models/{id}/logs?tail=N&amp;follow=true</c>: recent lines as JSON, or with follow an SSE of new lines.</summary>
internal static class LogsEndpoint
{
    public const int DefaultTail = 100;

    public static async Task HandleAsync(HttpContext context, ModelDirectory models, IOptions<SiloOptions> options)
    {
        var aborted = context.RequestAborted;
        if (!ModelRoute.TryResolve(context, models, out var model, out var problem))
        {
            await problem.ExecuteAsync(context);
            return;
        }

        var query = context.Request.Query;
        var tail = DefaultTail;
        if (query.TryGetValue("tail", out var tailText) && (!int.TryParse(tailText, out tail) || tail < 0))
        {
            await Problems.BadRequest($"Query \"tail\" must be a non-negative integer (lines to return), not \"{tailText}\".").ExecuteAsync(context);
            return;
        }

        var follow = false;
        if (query.TryGetValue("follow", out var followText) && !bool.TryParse(followText, out follow))
        {
            await Problems.BadRequest($"Query \"follow\" must be true or false, not \"{followText}\".").ExecuteAsync(context);
            return;
        }

        var grain = models.GetGrain(model.Id);
        if (!follow)
        {
            var lines = await grain.GetLogsAsync(tail, aborted);
            await TypedResults.Json(lines.ToArray(), SiloJsonContext.Default.LogLineArray).ExecuteAsync(context);
            return;
        }

        var sse = new SseWriter(context.Response);
        try
        {
            await sse.PumpAsync(
                grain.FollowLogsAsync(tail, aborted),
                options.Value.KeepAliveInterval,
                line => sse.WriteAsync("line", line, SiloJsonContext.Default.LogLine, aborted),
                aborted);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && aborted.IsCancellationRequested)
        {
            // Followers end by leaving.
        }
    }
}
