using FakeLlamaServer.CommandLine;

namespace FakeLlamaServer.Diagnostics;

/// <summary>Lines from start-up to ready, in the order tools/server/server.cpp main() prints them.</summary>
internal sealed partial class ServerLog
{
    public void ParallelAuto() =>
        Line("main: n_parallel is set to auto, using n_parallel = 4 and kv_unified = true");

    /// <summary>--version (common/arg.cpp): build number and commit, then compiler and target; the caller then exits 0.</summary>
    public void Version()
    {
        Line($"version: {BuildNumber} ({Commit})");
        Line($"built with .NET {Environment.Version} for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
    }

    public void BuildAndSystemInfo(ServerOptions options)
    {
        Line($"build_info: {BuildInfo}");
        // common_params_get_system_info (common/common.cpp); the feature list is llama_print_system_info()'s.
        Line($"system_info: n_threads = {options.Threads} (n_threads_batch = {options.Threads}) / {Environment.ProcessorCount} " +
            "| CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 | ");
    }

    /// <summary>server_http_context::init (tools/server/server-http.cpp).</summary>
    public void HttpInit(int slots, bool webUi)
    {
        Line($"init: using {Math.Max(slots + 4, Environment.ProcessorCount - 1)} threads for HTTP server");
        if (!webUi)
        {
            Line("Web UI is disabled");
        }
    }

    /// <summary>server_http_context::start: the port is bound before the model loads.</summary>
    public void Binding(bool unixSocket) =>
        Line(unixSocket ? "start: setting address family to AF_UNIX" : "start: binding port with default address family");

    public void BindFailed(string host, int port)
    {
        Line($"start: couldn't bind HTTP server socket, hostname: {host}, port: {port}");
        CleaningUp();
        Line("main: exiting due to HTTP server error");
    }

    public void LoadingModel(string path)
    {
        Line("main: loading model");
        Srv("load_model", $"loading model '{path}'");
    }

    /// <summary>The end of a successful server_context::load_model and init().</summary>
    public void ModelInitialised(int slots, int slotContext)
    {
        Srv("load_model", $"initializing slots, n_slots = {slots}");
        for (var id = 0; id < slots; id++)
        {
            Slot("load_model", id, -1, $"new slot, n_ctx = {slotContext}");
        }

        Srv("load_model", "prompt cache is enabled, size limit: 8192 MiB");
        Srv("load_model", "use `--cache-ram 0` to disable the prompt cache");
        Srv("load_model", "for more info see https://github.com/ggml-org/llama.cpp/pull/16391");
        Line("init: chat template, example_format: '<|im_start|>system\nYou are a helpful assistant<|im_end|>\n" +
            "<|im_start|>user\nHello<|im_end|>\n<|im_start|>assistant\nHi there<|im_end|>\n" +
            "<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n'");
        Srv("init", "init: chat template, thinking = 0");
    }

    /// <summary>The three ready lines, verbatim from main().</summary>
    public void Ready(string listeningAddress)
    {
        Line("main: model loaded");
        Line($"main: server is listening on {listeningAddress}");
        Line("main: starting the main loop...");
        Srv("update_slots", "all slots are idle");
    }
}
