using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Chat;

/// <summary>One event of a chat stream: deltas, then exactly one <see cref="ChatDone"/> or <see cref="ChatError"/>.</summary>
[GenerateSerializer, Immutable, Alias("orch.ChatEvent")]
public abstract record ChatEvent;

/// <summary>A piece of the answer, as the server produced it.</summary>
/// <param name="Content">The text of this piece.</param>
[GenerateSerializer, Immutable, Alias("orch.ChatDelta")]
public sealed record ChatDelta([property: Id(0)] string Content) : ChatEvent;

/// <summary>The answer ended normally.</summary>
/// <param name="FinishReason">Why it ended (<c>stop</c>, <c>length</c>, ...), as llama-server said.</param>
/// <param name="Usage">Token counts, when the server reported them.</param>
/// <param name="Timings">llama-server's <c>timings</c> object (for example <c>predicted_per_second</c>), when reported.</param>
[GenerateSerializer, Immutable, Alias("orch.ChatDone")]
public sealed record ChatDone([property: Id(0)] string? FinishReason, [property: Id(1)] ChatUsage? Usage, [property: Id(2)] JsonElement? Timings) : ChatEvent;

/// <summary>The answer ended with an error; no more events follow.</summary>
/// <param name="Type">A stable kind (see <see cref="Errors.ErrorTypes"/>).</param>
/// <param name="Detail">What happened, for a person.</param>
[GenerateSerializer, Immutable, Alias("orch.ChatError")]
public sealed record ChatError([property: Id(0)] string Type, [property: Id(1)] string Detail) : ChatEvent;

/// <summary>Token counts of one answer.</summary>
[GenerateSerializer, Immutable, Alias("orch.ChatUsage")]
public sealed record ChatUsage([property: Id(0)] int PromptTokens, [property: Id(1)] int CompletionTokens, [property: Id(2)] int TotalTokens);
