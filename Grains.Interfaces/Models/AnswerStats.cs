namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>The figures of a model's last answer, shown by <c>orch ps</c>, <c>orch models</c> and the web page.</summary>
/// <param name="TokensPerSecond">Generation speed: llama-server's timings.predicted_per_second, else measured on the silo.</param>
/// <param name="OutputTokens">Tokens generated.</param>
/// <param name="TimeToFirstTokenMs">From the chat's start on the silo to the first piece of the answer, in milliseconds.</param>
/// <param name="At">When the answer ended.</param>
[GenerateSerializer, Immutable, Alias("orch.AnswerStats")]
public sealed record AnswerStats([property: Id(0)] double TokensPerSecond, [property: Id(1)] int OutputTokens, [property: Id(2)] double? TimeToFirstTokenMs, [property: Id(3)] DateTimeOffset At);
