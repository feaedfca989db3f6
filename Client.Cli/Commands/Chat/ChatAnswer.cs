using System.Text.Json;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Cli.Commands.Chat;

/// <summary>How one answer ended: <see cref="Done"/> or <see cref="Error"/>, with the text and what is needed for its speed.</summary>
/// <param name="Content">The text received.</param>
/// <param name="Done">The normal end, or null.</param>
/// <param name="Error">The error end, or null.</param>
/// <param name="Deltas">How many pieces arrived.</param>
/// <param name="Generation">From the first piece to the end, when measurable.</param>
internal sealed record ChatAnswer(string Content, ChatDone? Done, ChatError? Error, int Deltas, TimeSpan? Generation)
{
    /// <summary>Completion tokens: the server's count, else the pieces received.</summary>
    public int CompletionTokens => Done?.Usage?.CompletionTokens ?? Deltas;

    /// <summary>llama-server's <c>timings.predicted_per_second</c>, else completion tokens over the generation time.</summary>
    public double? TokensPerSecond =>
        Done?.Timings is { ValueKind: JsonValueKind.Object } timings
            && timings.TryGetProperty("predicted_per_second", out var speed) && speed.ValueKind == JsonValueKind.Number
            ? speed.GetDouble()
            : Generation is { TotalSeconds: > 0 } generation ? CompletionTokens / generation.TotalSeconds : null;
}
