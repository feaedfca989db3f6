using System.Globalization;
using FakeLlamaServer.Generation;

namespace FakeLlamaServer.Diagnostics;

/// <summary>Per-request lines from the slot code and the HTTP logger.</summary>
internal sealed partial class ServerLog
{
    public void SlotLaunched(int slot, int task) => Slot("launch_slot_with_task", slot, task, "processing task, is_child = 0");

    /// <summary>server_slot::print_timings then release, as a finished completion prints them.</summary>
    public void SlotReleased(int slot, int task, Timings timings)
    {
        Slot("print_timings", slot, task,
            "\n" +
            $"prompt eval time = {F(timings.PromptMs),10} ms / {timings.PromptN,5} tokens ({F(timings.PromptPerTokenMs),8} ms per token, {F(timings.PromptPerSecond),8} tokens per second)\n" +
            $"       eval time = {F(timings.PredictedMs),10} ms / {timings.PredictedN,5} tokens ({F(timings.PredictedPerTokenMs),8} ms per token, {F(timings.PredictedPerSecond),8} tokens per second)\n" +
            $"      total time = {F(timings.PromptMs + timings.PredictedMs),10} ms / {timings.PromptN + timings.PredictedN,5} tokens");
        Slot("release", slot, task, $"stop processing: n_tokens = {timings.PromptN + timings.PredictedN}, truncated = 0");
    }

    public void AllSlotsIdle() => Srv("update_slots", "all slots are idle");

    /// <summary>log_server_request (server-http.cpp); llama-server skips /health, /models, /props and /metrics.</summary>
    public void RequestDone(string method, string path, string remote, int status) =>
        Srv("log_server_request", $"done request: {method} {path} {remote} {status}");

    public void TaskError(int task, string message) => Srv("send_error", $"task id = {task}, error: {message}");

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
