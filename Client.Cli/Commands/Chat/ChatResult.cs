using System.Text.Json;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Cli.Commands.Chat;

/// <summary>One answer as <c>orch chat --json</c> writes it (one line per answer).</summary>
/// <param name="Id">The model.</param>
/// <param name="Content">The whole answer.</param>
/// <param name="FinishReason">Why it ended (<c>stop</c>, <c>length</c>, ...).</param>
/// <param name="Usage">Token counts, as the server reported them.</param>
/// <param name="Timings">llama-server's timings, as reported.</param>
/// <param name="TokensPerSecond">Generation speed: the server's <c>predicted_per_second</c>, else measured here.</param>
internal sealed record ChatResult(string Id, string Content, string? FinishReason, ChatUsage? Usage, JsonElement? Timings, double? TokensPerSecond);
