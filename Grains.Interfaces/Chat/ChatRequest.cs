using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Chat;

/// <summary>A chat completion request for one model.</summary>
/// <param name="Messages">The conversation so far; never empty.</param>
[GenerateSerializer, Immutable, Alias("orch.ChatRequest")]
public sealed record ChatRequest([property: Id(0)] IReadOnlyList<ChatMessage> Messages)
{
    /// <summary>
    /// Sampling and other fields passed through to llama-server as they are (for example <c>max_tokens</c>,
    /// <c>temperature</c>). The grain owns <c>model</c>, <c>stream</c> and <c>stream_options</c>.
    /// </summary>
    [Id(1)]
    public IReadOnlyDictionary<string, JsonElement> Options { get; init; } = new Dictionary<string, JsonElement>();
}
