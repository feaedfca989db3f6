using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Chat;

/// <summary>One event of a chat stream: deltas, then exactly one <see cref="ChatDone"/> or <see cref="ChatError"/>.</summary>
public abstract record ChatEvent;

/// <summary>A piece of the answer, as the server produced it.</summary>
/// <param name="Content">The text of this piece.</param>
public sealed record ChatDelta(string Content) : ChatEvent;

/// <summary>The answer ended normally.</summary>
/// <param name="FinishReason">Why it ended (<c>stop</c>, <c>length</c>, ...), as llama-server said.</param>
/// <param name="Usage">Token counts, when the server reported them.</param>
/// <param name="Timings">llama-server's <c>timings</c> object (for example <c>predicted_per_second</c>), when reported.</param>
public sealed record ChatDone(string? FinishReason, ChatUsage? Usage, JsonElement? Timings) : ChatEvent;

/// <summary>The answer ended with an error; no more events follow.</summary>
/// <param name="Type">A stable kind (see <see cref="Errors.ErrorTypes"/>).</param>
/// <param name="Detail">What happened, for a person.</param>
public sealed record ChatError(string Type, string Detail) : ChatEvent;

/// <summary>Token counts of one answer.</summary>
public sealed record ChatUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
