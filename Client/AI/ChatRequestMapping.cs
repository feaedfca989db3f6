using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Client.Json;
using Orchestrator.Grains.Interfaces.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using OrchestratorChatMessage = Orchestrator.Grains.Interfaces.Chat.ChatMessage;

namespace Orchestrator.Client.AI;

/// <summary>Maps Microsoft.Extensions.AI messages and options to the silo's <see cref="ChatRequest"/>.</summary>
internal static class ChatRequestMapping
{
    public static ChatRequest ToRequest(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var mapped = new List<OrchestratorChatMessage>();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            mapped.Add(new OrchestratorChatMessage("system", options.Instructions));
        }

        mapped.AddRange(messages.Select(m => new OrchestratorChatMessage(Role(m.Role), m.Text)));
        return new ChatRequest(mapped) { Options = ToOptions(options) };
    }

    public static string Role(ChatRole role) =>
        role == ChatRole.System ? "system"
        : role == ChatRole.User ? "user"
        : role == ChatRole.Assistant ? "assistant"
        : role == ChatRole.Tool ? "tool"
        : role.Value.ToLowerInvariant();

    private static Dictionary<string, JsonElement> ToOptions(ChatOptions? options)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (options is null)
        {
            return fields;
        }

        var json = ClientJsonContext.Default;
        Add(fields, "max_tokens", options.MaxOutputTokens, json.Int32);
        Add(fields, "temperature", options.Temperature, json.Single);
        Add(fields, "top_p", options.TopP, json.Single);
        Add(fields, "top_k", options.TopK, json.Int32);
        Add(fields, "seed", options.Seed, json.Int64);
        Add(fields, "frequency_penalty", options.FrequencyPenalty, json.Single);
        Add(fields, "presence_penalty", options.PresencePenalty, json.Single);
        if (options.StopSequences is { Count: > 0 } stop)
        {
            fields["stop"] = JsonSerializer.SerializeToElement(stop.ToArray(), json.StringArray);
        }

        // Other llama-server fields ride in AdditionalProperties; only JSON-shaped values pass (no reflection serialization).
        foreach (var (name, value) in options.AdditionalProperties ?? [])
        {
            if (ToJson(value) is { } element)
            {
                fields.TryAdd(name, element);
            }
        }

        return fields;
    }

    private static void Add<T>(Dictionary<string, JsonElement> fields, string name, T? value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : struct
    {
        if (value is { } v)
        {
            fields[name] = JsonSerializer.SerializeToElement(v, typeInfo);
        }
    }

    private static JsonElement? ToJson(object? value) => value switch
    {
        JsonElement element => element,
        string text => JsonSerializer.SerializeToElement(text, ClientJsonContext.Default.String),
        bool flag => JsonSerializer.SerializeToElement(flag, ClientJsonContext.Default.Boolean),
        int number => JsonSerializer.SerializeToElement(number, ClientJsonContext.Default.Int32),
        long number => JsonSerializer.SerializeToElement(number, ClientJsonContext.Default.Int64),
        float number => JsonSerializer.SerializeToElement(number, ClientJsonContext.Default.Single),
        double number => JsonSerializer.SerializeToElement(number, ClientJsonContext.Default.Double),
        _ => null,
    };
}
