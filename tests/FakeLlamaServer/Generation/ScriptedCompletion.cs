using System.Diagnostics;
using FakeLlamaServer.Hosting;
using FakeLlamaServer.Native;
using FakeLlamaServer.Scenarios;

namespace FakeLlamaServer.Generation;

/// <summary>
/// Produces a completion's tokens as the scenario scripts them: prompt delay, tokens in a cycle with a delay
/// between them, and the scripted failure points checked before each token ("after N tokens").
/// </summary>
internal sealed class ScriptedCompletion(Scenario scenario, ServerState state, TextWriter stderr)
{
    /// <param name="promptTokens">Reported as prompt_n / prompt_tokens.</param>
    /// <param name="maxTokens">llama.cpp's n_predict: negative means no limit.</param>
    /// <param name="onToken">Receives each token's text; writes it out.</param>
    /// <param name="cancellationToken">The client's connection: cancelled when it goes away.</param>
    public async Task<CompletionResult> RunAsync(
        int promptTokens, int maxTokens, Func<string, CancellationToken, Task> onToken, CancellationToken cancellationToken)
    {
        var promptStart = Stopwatch.GetTimestamp();
        if (scenario.PromptDelayMs > 0)
        {
            await Task.Delay(scenario.PromptDelayMs, cancellationToken);
        }

        var generationStart = Stopwatch.GetTimestamp();
        var promptMs = Stopwatch.GetElapsedTime(promptStart, generationStart).TotalMilliseconds;
        var available = scenario.EffectiveTokenCount;
        var limit = maxTokens >= 0 ? Math.Min(maxTokens, available) : available;

        for (var i = 0; ; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunScriptedFailureAsync(i, cancellationToken);
            if (scenario.ErrorAfterTokens == i)
            {
                return new CompletionResult(null, scenario.ErrorMessage, i, MeasureTimings(i));
            }

            if (i > 0 && i < limit && scenario.TokenDelayMs > 0)
            {
                await Task.Delay(scenario.TokenDelayMs, cancellationToken);
            }

            // After a first SIGTERM (or a freeze) llama-server's main loop no longer runs: nothing more comes out.
            await state.WaitUntilRunnableAsync(cancellationToken);
            if (i == limit)
            {
                break;
            }

            if (scenario.FreezeAfterTokens == i + 1)
            {
                // Wedge before this token leaves: whoever has seen it finds the server already frozen.
                state.Freeze();
            }

            await onToken(TokenAt(i), cancellationToken);
        }

        // llama.cpp stops on the limit before sampling end-of-generation; otherwise it counts that token in n_decoded.
        var hitLimit = maxTokens >= 0 && maxTokens <= available;
        var decoded = hitLimit ? limit : limit + 1;
        return new CompletionResult(hitLimit ? "length" : "stop", null, decoded, MeasureTimings(decoded));

        Timings MeasureTimings(int predicted) =>
            new(promptTokens, promptMs, predicted, Stopwatch.GetElapsedTime(generationStart).TotalMilliseconds);
    }

    private string TokenAt(int index) =>
        scenario.Tokens.Count == 0 ? "" : scenario.Tokens[index % scenario.Tokens.Count];

    private async Task RunScriptedFailureAsync(int emitted, CancellationToken cancellationToken)
    {
        if (scenario.CrashAfterTokens == emitted)
        {
            stderr.Write($"FakeLlamaServer: crash_after_tokens reached after {emitted} tokens\n");
            if (scenario.CrashSignal is int signal)
            {
                LibC.DieBySignal(signal);
            }

            LibC.Crash(scenario.CrashExitCode);
        }

        if (scenario.FreezeAfterTokens == emitted)
        {
            state.Freeze();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (scenario.HangAfterTokens == emitted)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
