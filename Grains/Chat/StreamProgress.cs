using System.Text.Json;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Grains.Chat;

/// <summary>Reads llama-server's stream events one by one and remembers what the final <c>done</c> event carries.</summary>
internal sealed class StreamProgress
{
    public string? FinishReason { get; private set; }

    public ChatUsage? Usage { get; private set; }

    public JsonElement? Timings { get; private set; }

    /// <summary>The event to forward for one <c>data:</c> payload: a delta, an in-band error, or nothing.</summary>
    public ChatEvent? Read(string data)
    {
        using var doc = JsonDocument.Parse(data);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("error", out var error))
        {
            return new ChatError(ErrorTypes.UpstreamError, ErrorMessage(error));
        }

        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            Usage = new ChatUsage(Int(usage, "prompt_tokens"), Int(usage, "completion_tokens"), Int(usage, "total_tokens"));
        }

        if (root.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object)
        {
            Timings = timings.Clone();
        }

        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
            {
                FinishReason = finish.GetString();
            }

            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object
                && delta.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String
                && content.GetString() is { Length: > 0 } text)
            {
                return new ChatDelta(text);
            }
        }

        return null;
    }

    /// <summary>llama-server's error object (<c>{"code","message","type"}</c>) or a bare string, as one line.</summary>
    public static string ErrorMessage(JsonElement error) => error.ValueKind switch
    {
        JsonValueKind.String => error.GetString() ?? "unknown error",
        JsonValueKind.Object when error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String =>
            message.GetString() ?? "unknown error",
        _ => error.GetRawText(),
    };

    private static int Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.TryGetInt32(out var n) ? n : 0;
}
