using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Interfaces.Streaming;

namespace Orchestrator.Silo.Api;

/// <summary>
/// <c>POST /v1/models/{id}/chat</c>: checks the request, subscribes to a new chat stream, asks the grain to open the chat,
/// and relays the stream's events as SSE until the one <c>done</c> or <c>error</c>.
/// </summary>
internal static class ChatEndpoint
{
    public static async Task HandleAsync(HttpContext context, IModelDefinitions models, IClusterClient client, IOptions<SiloOptions> options)
    {
        var aborted = context.RequestAborted;
        var (id, _, problem) = await ModelRoute.ResolveAsync(context, models, client, aborted);
        if (id is null)
        {
            await problem!.ExecuteAsync(context);
            return;
        }

        var (request, error) = await ReadRequestAsync(context, options.Value);
        if (request is null)
        {
            await error!.ExecuteAsync(context);
            return;
        }

        // Subscribes first, then opens: throws ModelNotRunningException before any byte is sent, so the caller gets a 409
        // problem, not a broken stream. Leaving the enumeration early (the client went away) closes the upstream request.
        await using var events = await ModelChats.OpenAsync(client, id.Value, request, aborted);
        var sse = new SseWriter(context.Response);
        try
        {
            await sse.PumpAsync(events, options.Value.KeepAliveInterval, chatEvent => WriteAsync(sse, chatEvent, aborted), aborted);
        }
        catch (Exception e) when ((e is OperationCanceledException or IOException) && aborted.IsCancellationRequested)
        {
            // The client left; the upstream request is already closed.
        }
    }

    private static Task WriteAsync(SseWriter sse, ChatEvent chatEvent, CancellationToken cancellationToken) => chatEvent switch
    {
        ChatDelta delta => sse.WriteAsync("delta", delta, SiloJsonContext.Default.ChatDelta, cancellationToken),
        ChatDone done => sse.WriteAsync("done", done, SiloJsonContext.Default.ChatDone, cancellationToken),
        ChatError error => sse.WriteAsync("error", error, SiloJsonContext.Default.ChatError, cancellationToken),
        _ => Task.CompletedTask,
    };

    private static async Task<(ChatRequest? Request, IResult? Error)> ReadRequestAsync(HttpContext context, SiloOptions options)
    {
        var httpRequest = context.Request;
        if (httpRequest.ContentLength > options.MaxRequestBodyBytes)
        {
            return (null, Problems.TooLarge(options.MaxRequestBodyBytes));
        }

        if (!httpRequest.HasJsonContentType())
        {
            return (null, Problems.WrongMediaType(httpRequest.ContentType));
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(httpRequest.Body, default, context.RequestAborted);
            var (request, error) = ChatRequestParser.Parse(body.RootElement);
            return request is null ? (null, Problems.BadRequest(error!)) : (request, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.BadRequest($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}"));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge(context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.MaxRequestBodyBytes));
        }
    }
}
