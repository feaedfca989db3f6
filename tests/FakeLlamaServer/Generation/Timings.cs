namespace FakeLlamaServer.Generation;

/// <summary>A completion's timings, llama.cpp's result_timings (tools/server/server-task.cpp), measured for real.</summary>
internal sealed record Timings(int PromptN, double PromptMs, int PredictedN, double PredictedMs)
{
    public double PromptPerTokenMs => PromptN > 0 ? PromptMs / PromptN : 0;

    public double PromptPerSecond => PromptMs > 0 ? 1e3 / PromptMs * PromptN : 0;

    public double PredictedPerTokenMs => PredictedN > 0 ? PredictedMs / PredictedN : 0;

    public double PredictedPerSecond => PredictedMs > 0 ? 1e3 / PredictedMs * PredictedN : 0;
}
