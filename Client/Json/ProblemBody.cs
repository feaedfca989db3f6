namespace Orchestrator.Client.Json;

/// <summary>The fields of an RFC 9457 problem details answer that the client reads.</summary>
internal sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail);
