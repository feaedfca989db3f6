namespace Orchestrator.Grains.Interfaces.Chat;

/// <summary>One message of a conversation.</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The text.</param>
[GenerateSerializer, Immutable, Alias("orch.ChatMessage")]
public sealed record ChatMessage([property: Id(0)] string Role, [property: Id(1)] string Content);
