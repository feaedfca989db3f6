using FakeLlamaServer.Generation;

namespace FakeLlamaServer.Http;

/// <summary>
/// llama-server's stream (handle_completions_impl, format_oai_sse): `data: &lt;json&gt;\n\n` events, no other
/// fields; nothing is sent, not even headers, until the first result; an error before that is a plain JSON
/// error answer; an error after it is an in-band `data: {"error":...}` event and the stream ends without
/// `[DONE]`. Every event is flushed as it is written.
/// </summary>
internal sealed class StreamingChatOutput(HttpResponse response, ChatJson json, bool includeUsage) : IChatOutput
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    private bool _started;

    public async Task WriteTokenAsync(string token, CancellationToken cancellationToken)
    {
        var events = new List<byte[]>(2);
        if (!_started)
        {
            // The first partial result carries two events: the role, then the first token.
            events.Add(json.RoleChunk());
        }

        events.Add(json.TokenChunk(token));
        await WriteAsync(events, cancellationToken);
    }

    public async Task CompleteAsync(CompletionResult result, CancellationToken cancellationToken)
    {
        if (result.Error is not null)
        {
            if (!_started)
            {
                await JsonAnswers.WriteAsync(response, 500, JsonText.Error(500, result.Error, "server_error"), cancellationToken);
                return;
            }

            await WriteAsync([JsonText.Error(500, result.Error, "server_error")], cancellationToken);
            return;
        }

        List<byte[]> events = [json.FinalChunk(result, withTimings: !includeUsage)];
        if (includeUsage)
        {
            events.Add(json.UsageChunk(result));
        }

        await WriteAsync(events, cancellationToken);
        // [DONE] is the generator's next, separate chunk.
        await response.Body.WriteAsync(Done, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private async Task WriteAsync(List<byte[]> events, CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            response.StatusCode = 200;
            response.ContentType = "text/event-stream";
        }

        using var chunk = new MemoryStream();
        foreach (var data in events)
        {
            chunk.Write(DataPrefix);
            chunk.Write(data);
            chunk.Write(EventEnd);
        }

        await response.Body.WriteAsync(chunk.GetBuffer().AsMemory(0, (int)chunk.Length), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
