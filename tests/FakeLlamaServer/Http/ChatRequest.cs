using System.Text.Json;

namespace FakeLlamaServer.Http;

/// <summary>The fields of an OpenAI chat request the fake acts on, read with llama.cpp's precedence and defaults.</summary>
internal sealed record ChatRequest(bool Stream, bool IncludeUsage, int MaxTokens, int PromptTokens)
{
    /// <summary>Reads the body; throws <see cref="HttpError"/> with llama-server's status and text when it is unusable.</summary>
    public static async Task<ChatRequest> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            // nlohmann::json's parse_error is not an invalid_argument: ex_wrapper answers 500 server_error.
            throw new HttpError(500, $"[json.exception.parse_error.101] parse error: {e.Message}", "server_error");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("messages", out var messages))
            {
                throw new HttpError(400, "'messages' is required", "invalid_request_error");
            }

            if (messages.ValueKind != JsonValueKind.Array)
            {
                throw new HttpError(400, "Expected 'messages' to be an array", "invalid_request_error");
            }

            // server-task.cpp: n_predict, else max_completion_tokens, else max_tokens, else -1 (no limit).
            var maxTokens = Int(root, "n_predict") ?? Int(root, "max_completion_tokens") ?? Int(root, "max_tokens") ?? -1;
            var includeUsage = root.TryGetProperty("stream_options", out var options) && options.ValueKind == JsonValueKind.Object
                && Bool(options, "include_usage");
            return new ChatRequest(Bool(root, "stream"), includeUsage, maxTokens, EstimatePromptTokens(messages));
        }
    }

    // No tokenizer here: about four characters of text per token plus a few for each message's template framing.
    private static int EstimatePromptTokens(JsonElement messages)
    {
        var bytes = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content)
                && content.ValueKind == JsonValueKind.String)
            {
                bytes += content.GetString()!.Length;
            }
        }

        return Math.Max(1, (bytes / 4) + (4 * messages.GetArrayLength()));
    }

    // json_value() in llama.cpp falls back to the default when a field has the wrong type.
    private static int? Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static bool Bool(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
