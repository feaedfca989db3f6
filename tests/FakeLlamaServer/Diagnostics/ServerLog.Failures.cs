namespace FakeLlamaServer.Diagnostics;

/// <summary>Lines of the load-failure and shutdown paths.</summary>
internal sealed partial class ServerLog
{
    /// <summary>
    /// A model file fopen cannot open. The default --fit step opens it first (common/fit.cpp), then the real
    /// load (common/common.cpp), so the gguf/llama lines appear twice, as they do from llama-server.
    /// </summary>
    public void ModelOpenFailed(string path, string strerror)
    {
        Line("common_init_result: fitting params to device memory, for bugs during this step try to reproduce them with -fit off, " +
            "or provide --verbose logs if the bug only occurs with -fit on");
        GgufOpenFailed(path, strerror);
        Line("common_fit_params: encountered an error while trying to fit params to free device memory: failed to load model");
        Line("common_fit_params: fitting params to free memory took 0.00 seconds");
        GgufOpenFailed(path, strerror);
        Line($"common_init_from_params: failed to load model '{path}'");
        ModelLoadFailed(path);
    }

    /// <summary>The tail every model loading error ends with (tools/server/server.cpp, server-context.cpp).</summary>
    public void ModelLoadFailed(string path)
    {
        Srv("load_model", $"failed to load model, '{path}'");
        CleaningUp();
        Line("main: exiting due to model loading error");
    }

    /// <summary>The clean_up lambda in main() ("operator()" is a lambda's __func__).</summary>
    public void CleaningUp() => Srv("operator()", "cleaning up before exit...");

    /// <summary>signal_handler on a second SIGINT/SIGTERM, just before exit(1).</summary>
    public void SecondInterrupt() => Line("Received second interrupt, terminating immediately.");

    private void GgufOpenFailed(string path, string strerror)
    {
        Line($"gguf_init_from_file: failed to open GGUF file '{path}' ({strerror})");
        Line($"llama_model_load: error loading model: llama_model_loader: failed to load model from {path}");
        Line("llama_model_load_from_file_impl: failed to load model");
    }
}
