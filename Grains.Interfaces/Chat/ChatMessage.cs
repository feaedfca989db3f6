namespace Orchestrator.Grains.Interfaces.Chat;

/// <summary>One message of a conversation.</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">The text.</param>
public sealed record ChatMessage(string Role, string Content);
