namespace FakeLlamaServer.Generation;

/// <summary>
/// How a scripted completion ended: a finish reason ("stop" or "length") or an error message, with the
/// token counts llama.cpp reports.
/// </summary>
/// <param name="FinishReason">"stop" or "length"; null on error.</param>
/// <param name="Error">The in-band error message; null on success.</param>
/// <param name="CompletionTokens">llama.cpp's n_decoded: on "stop" it counts the end-of-generation token too.</param>
/// <param name="Timings">Measured prompt and generation times.</param>
internal sealed record CompletionResult(string? FinishReason, string? Error, int CompletionTokens, Timings Timings)
{
    public int PromptTokens => Timings.PromptN;
}
