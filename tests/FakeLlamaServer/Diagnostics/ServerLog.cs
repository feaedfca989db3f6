namespace FakeLlamaServer.Diagnostics;

/// <summary>
/// llama-server's log lines, all on stderr (its common_log prints every level except "none" there, without
/// prefixes or timestamps by default). Texts are copied from llama.cpp tools/server/*.cpp and common/*.cpp; the
/// SRV_/SLT_ macros print the function name right-aligned and cut to 12 characters ("srv    load_model: ").
/// </summary>
internal sealed partial class ServerLog(TextWriter stderr)
{
    /// <summary>Stands in for llama_build_info() ("b&lt;number&gt;-&lt;commit&gt;"), also the responses' system_fingerprint.</summary>
    public const string BuildInfo = $"b{BuildNumber}-{Commit}";

    /// <summary>Stands in for LLAMA_BUILD_NUMBER and LLAMA_COMMIT (a real build: e.g. 6917 and b3d...).</summary>
    private const string BuildNumber = "0";

    private const string Commit = "fakellama";

    /// <summary>A plain LOG_INF/LOG_ERR line.</summary>
    public void Line(string text) => stderr.Write(text + "\n");

    /// <summary>SRV_INF/SRV_WRN/SRV_ERR (tools/server/server-common.h).</summary>
    public void Srv(string function, string text) => Line($"srv  {Function(function)}: {text}");

    /// <summary>SLT_INF (tools/server/server-common.h); the task id is -1 for an idle slot.</summary>
    public void Slot(string function, int slot, int task, string text) =>
        Line($"slot {Function(function)}: id {slot,2} | task {task} | {text}");

    private static string Function(string name) => (name.Length > 12 ? name[..12] : name).PadLeft(12);
}
