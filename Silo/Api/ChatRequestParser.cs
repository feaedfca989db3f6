using System.Text.Json;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Silo.Api;

/// <summary>
/// Checks a chat body: <c>messages</c> is a non-empty array of <c>{role, content}</c>, and the known sampling fields
/// have the right type and range. Other fields pass through to llama-server untouched.
/// </summary>
internal static class ChatRequestParser
{
    private static readonly HashSet<string> Roles = ["system", "user", "assistant", "tool", "developer"];

    private enum Kind
    {
        NonNegativeInteger,
        Integer,
        NonNegativeNumber,
        UnitNumber,
        Number,
        Boolean,
        StringOrStrings,
    }

    private static readonly Dictionary<string, Kind> KnownFields = new(StringComparer.Ordinal)
    {
        ["max_tokens"] = Kind.NonNegativeInteger,
        ["max_completion_tokens"] = Kind.NonNegativeInteger,
        ["n_predict"] = Kind.Integer,
        ["temperature"] = Kind.NonNegativeNumber,
        ["top_p"] = Kind.UnitNumber,
        ["min_p"] = Kind.UnitNumber,
        ["top_k"] = Kind.NonNegativeInteger,
        ["seed"] = Kind.Integer,
        ["presence_penalty"] = Kind.Number,
        ["frequency_penalty"] = Kind.Number,
        ["repeat_penalty"] = Kind.NonNegativeNumber,
        ["stream"] = Kind.Boolean,
        ["stop"] = Kind.StringOrStrings,
    };

    /// <summary>The request, or a message that says which field is wrong and how.</summary>
    public static (ChatRequest? Request, string? Error) Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, $"The body must be a JSON object like {{\"messages\":[{{\"role\":\"user\",\"content\":\"Hi\"}}]}}, not {Describe(body.ValueKind)}.");
        }

        if (!body.TryGetProperty("messages", out var messages))
        {
            return (null, "Field \"messages\" is missing: give the conversation as [{\"role\":\"user\",\"content\":\"Hi\"}].");
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return (null, $"Field \"messages\" must be a non-empty array of {{\"role\",\"content\"}} objects, not {(messages.ValueKind == JsonValueKind.Array ? "an empty array" : Describe(messages.ValueKind))}.");
        }

        var parsed = new List<ChatMessage>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var (chatMessage, error) = ParseMessage(message, index++);
            if (error is not null)
            {
                return (null, error);
            }

            parsed.Add(chatMessage!);
        }

        var options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in body.EnumerateObject())
        {
            if (field.Name == "messages")
            {
                continue;
            }

            if (KnownFields.TryGetValue(field.Name, out var kind) && Check(field.Value, kind) is { } problem)
            {
                return (null, $"Field \"{field.Name}\" {problem}.");
            }

            options[field.Name] = field.Value.Clone();
        }

        return (new ChatRequest(parsed) { Options = options }, null);
    }

    private static (ChatMessage? Message, string? Error) ParseMessage(JsonElement message, int index)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            return (null, $"messages[{index}] must be an object {{\"role\",\"content\"}}, not {Describe(message.ValueKind)}.");
        }

        if (!message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
        {
            return (null, $"messages[{index}].role must be a string: one of {string.Join(", ", Roles)}.");
        }

        if (!Roles.Contains(role.GetString()!))
        {
            return (null, $"messages[{index}].role \"{role.GetString()}\" is not a role; use one of {string.Join(", ", Roles)}.");
        }

        if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.String)
        {
            return (null, $"messages[{index}].content must be a string (the message text).");
        }

        return (new ChatMessage(role.GetString()!, content.GetString()!), null);
    }

    private static string? Check(JsonElement value, Kind kind) => kind switch
    {
        Kind.NonNegativeInteger => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0 ? null : "must be a non-negative integer",
        Kind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _) ? null : "must be an integer",
        Kind.NonNegativeNumber => value.ValueKind == JsonValueKind.Number && value.GetDouble() >= 0 ? null : "must be a non-negative number",
        Kind.UnitNumber => value.ValueKind == JsonValueKind.Number && value.GetDouble() is >= 0 and <= 1 ? null : "must be a number from 0 to 1",
        Kind.Number => value.ValueKind == JsonValueKind.Number ? null : "must be a number",
        Kind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false",
        Kind.StringOrStrings => value.ValueKind == JsonValueKind.String
            || (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            ? null : "must be a string or an array of strings",
        _ => null,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
