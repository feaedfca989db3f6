using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Interfaces.Streaming;

namespace Orchestrator.Silo.Api;

/// <summary><c>GET /v1/models/{id}/logs?tail=N&amp;follow=true</c>: recent lines as JSON, or with follow an SSE of new lines.</summary>
internal static class LogsEndpoint
{
    public const int DefaultTail = 100;

    public static async Task HandleAsync(HttpContext context, IModelDefinitions models, IClusterClient client, IOptions<SiloOptions> options, IHostApplicationLifetime lifetime)
    {
        // Ends when the client leaves or the silo shuts down: an open follower must not hold the shutdown up.
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ended.Token;
        var (id, _, problem) = await ModelRoute.ResolveAsync(context, models, client, aborted);
        if (id is null)
        {
            await problem!.ExecuteAsync(context);
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

        var grain = client.GetGrain<IModelGrain>(id.Value);
        if (!follow)
        {
            var lines = await grain.GetLogsAsync(tail, aborted);
            await TypedResults.Json(lines.ToArray(), SiloJsonContext.Default.LogLineArray).ExecuteAsync(context);
            return;
        }

        // Subscribed before the tail is read, and lines carry their sequence: nothing is missed, nothing comes twice.
        await using var followed = await ModelLogs.FollowAsync(client, id.Value, tail, SseWriter.SubscriberBacklog, aborted);
        var sse = new SseWriter(context.Response);
        try
        {
            await sse.PumpAsync(
                followed,
                options.Value.KeepAliveInterval,
                line => sse.WriteAsync("line", line, SiloJsonContext.Default.LogLine, aborted),
                aborted);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && aborted.IsCancellationRequested)
        {
            // Followers end by leaving, or with the silo.
        }
    }
}
