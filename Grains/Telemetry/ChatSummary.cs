namespace Orchestrator.Grains.Telemetry;

/// <summary>What one chat came to, for its metrics, its trace and the model's "last answer".</summary>
/// <param name="Outcome">done, error or cancelled (the consumer left).</param>
/// <param name="ErrorType">The error's type when it ended with an error, else null.</param>
/// <param name="TimeToFirstToken">From the chat's start on the silo to the first piece of its answer; null without one.</param>
/// <param name="OutputTokens">usage.completion_tokens when the server reported it, else the pieces received.</param>
/// <param name="TokensPerSecond">llama-server's timings.predicted_per_second, else measured; null when unknown (fewer than two pieces).</param>
public sealed record ChatSummary(string Outcome, string? ErrorType, TimeSpan? TimeToFirstToken, int OutputTokens, double? TokensPerSecond)
{
    public const string Done = "done";
    public const string Error = "error";
    public const string Cancelled = "cancelled";
}
