using System.Diagnostics;
using System.Net.Mime;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Grains.Chat;

/// <summary>
/// Runs one chat against a model's llama-server: POST <c>/v1/chat/completions</c> with <c>stream: true</c>, parse its SSE
/// as it arrives, forward each delta, and end with exactly one <see cref="ChatDone"/> or <see cref="ChatError"/>.
/// </summary>
internal static class UpstreamChat
{
    private const int MaxErrorBodyChars = 4096;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs the chat to its one terminal event, then calls <paramref name="onEnded"/> (whatever happened).</summary>
    public static async Task RunAsync(ChatStream stream, string modelId, Uri endpoint, ChatRequest request, Action onEnded)
    {
        // The upstream HTTP request (System.Net.Http's own activity, when traced) is a child of the chat's.
        Activity.Current = stream.Activity ?? Activity.Current;
        try
        {
            if (await ReadToEndAsync(stream, modelId, endpoint, request).ConfigureAwait(false) is { } terminal)
            {
                await stream.WriteAsync(terminal).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The terminal event could not be published (the silo is shutting down): nobody is left to tell.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            onEnded();
        }
    }

    /// <summary>
    /// Forwards the deltas and returns the one terminal event (the error that ended the chat), or null when it already
    /// published <c>done</c>.
    /// </summary>
    private static async Task<ChatEvent?> ReadToEndAsync(ChatStream stream, string modelId, Uri endpoint, ChatRequest request)
    {
        ChatEvent? terminal;
        try
        {
            terminal = await ReadAsync(stream, modelId, endpoint, request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stream.Upstream.IsCancellationRequested)
        {
            // Ended by the grain (stop, crash) or by the consumer leaving; the latter reads nothing more anyway.
            terminal = stream.EndedBy ?? new ChatError(ErrorTypes.UpstreamError, "the chat was cancelled");
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            terminal = stream.EndedBy ?? new ChatError(ErrorTypes.UpstreamError, $"the connection to llama-server broke: {e.Message}");
        }
        catch (JsonException e)
        {
            terminal = new ChatError(ErrorTypes.UpstreamError, $"llama-server sent an event that is not valid JSON: {e.Message}");
        }

        return terminal;
    }

    private static async Task<ChatEvent?> ReadAsync(ChatStream stream, string modelId, Uri endpoint, ChatRequest request)
    {
        var token = stream.Upstream.Token;
        using var message = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new StringContent(UpstreamBody(modelId, request), Encoding.UTF8, MediaTypeNames.Application.Json),
        };
        using var response = await UpstreamHttp.Client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return new ChatError(ErrorTypes.UpstreamError, $"llama-server answered {(int)response.StatusCode} {response.ReasonPhrase}: {await ErrorTextAsync(response, token).ConfigureAwait(false)}");
        }

        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            return new ChatError(ErrorTypes.UpstreamError, $"llama-server answered {response.Content.Headers.ContentType?.MediaType ?? "no content type"} instead of an event stream");
        }

        var body = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            var progress = new StreamProgress();
            await foreach (var item in SseParser.Create(body).EnumerateAsync(token).ConfigureAwait(false))
            {
                stream.MarkActivity();
                if (item.Data == "[DONE]")
                {
                    await stream.WriteAsync(new ChatDone(progress.FinishReason, progress.Usage, progress.Timings)).ConfigureAwait(false);
                    await DrainAsync(body, token).ConfigureAwait(false);
                    return null;
                }

                if (progress.Read(item.Data) is { } chatEvent)
                {
                    if (chatEvent is ChatError)
                    {
                        return chatEvent;
                    }

                    stream.MarkDelta();
                    await stream.WriteAsync(chatEvent).ConfigureAwait(false);
                }
            }
        }

        return new ChatError(ErrorTypes.UpstreamError, "llama-server closed the stream before it finished (no [DONE])");
    }

    /// <summary>
    /// Reads the rest of the body after <c>[DONE]</c> (the chunked body's last chunk), so that the connection goes back to
    /// the pool: with <c>MaxResponseDrainSize = 0</c> an unread end closes it, and the next chat pays a new connection
    /// (seen in ~10 % of chats). Bounded, so a server that keeps the body open cannot hold anything up.
    /// </summary>
    private static async Task DrainAsync(Stream body, CancellationToken token)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(token);
        bounded.CancelAfter(DrainTimeout);
        try
        {
            await body.CopyToAsync(Stream.Null, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
        {
            // The answer is complete; only the connection's reuse is lost.
        }
    }

    /// <summary>The upstream body: the caller's fields, with the ones the grain owns set by the grain.</summary>
    internal static string UpstreamBody(string modelId, ChatRequest request)
    {
        var body = new JsonObject();
        foreach (var (name, value) in request.Options)
        {
            if (name is not ("model" or "messages" or "stream" or "stream_options"))
            {
                body[name] = JsonNode.Parse(value.GetRawText());
            }
        }

        body["model"] = modelId; // the full identifier, as the server knows it through --alias
        body["messages"] = new JsonArray(request.Messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content }).ToArray());
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        return body.ToJsonString();
    }

    private static async Task<string> ErrorTextAsync(HttpResponseMessage response, CancellationToken token)
    {
        var text = await response.Content.ReadAsStringAsync(token).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("error", out var error))
            {
                return StreamProgress.ErrorMessage(error);
            }
        }
        catch (JsonException)
        {
            // Not JSON: quote it as it is.
        }

        return text.Length > MaxErrorBodyChars ? text[..MaxErrorBodyChars] + "…" : text;
    }
}
