namespace FakeLlamaServer.CommandLine;

/// <summary>
/// The options the fake accepts. Spellings, hints, help and environment variables are llama-server's
/// (llama.cpp common/arg.cpp), so error texts and LLAMA_ARG_* behaviour match the real binary.
/// </summary>
internal static class OptionTable
{
    public static IReadOnlyList<OptionSpec> All { get; } =
    [
        Text(["-m", "--model"], "FNAME", "model path to load", "LLAMA_ARG_MODEL", (o, v) => o.ModelPath = v),
        Text(["--host"], "HOST",
            "ip address to listen, or bind to an UNIX socket if the address ends with .sock (default: 127.0.0.1)",
            "LLAMA_ARG_HOST", (o, v) => o.Host = v),
        Integer(["--port"], "PORT", "port to listen (default: 8080)", "LLAMA_ARG_PORT", (o, v) => o.Port = v),
        Text(["-a", "--alias"], "STRING", "set model name aliases, comma-separated (to be used by API)",
            "LLAMA_ARG_ALIAS", AddAliases),
        Integer(["-c", "--ctx-size"], "N", "size of the prompt context (default: 0, 0 = loaded from model)",
            "LLAMA_ARG_CTX_SIZE", (o, v) => o.ContextSize = v),
        Integer(["-np", "--parallel"], "N", "number of server slots (default: -1, -1 = auto)",
            "LLAMA_ARG_N_PARALLEL", SetParallel),
        Text(["-ngl", "--gpu-layers", "--n-gpu-layers"], "N",
            "max. number of layers to store in VRAM, either an exact number, 'auto', or 'all' (default: auto)",
            "LLAMA_ARG_N_GPU_LAYERS", SetGpuLayers),
        Integer(["-t", "--threads"], "N", $"number of CPU threads to use during generation (default: {Environment.ProcessorCount})",
            "LLAMA_ARG_THREADS", (o, v) => o.Threads = v <= 0 ? Environment.ProcessorCount : v),
        Switch(["--jinja"], ["--no-jinja"], "whether to use jinja template engine for chat (default: enabled)",
            "LLAMA_ARG_JINJA", (o, v) => o.Jinja = v),
        Switch(["--webui"], ["--no-webui"], "whether to enable the Web UI (default: enabled)",
            "LLAMA_ARG_WEBUI", (o, v) => o.WebUi = v),
        new(["--version"], [], OptionKind.Switch, null, "show version and build info", null, (o, _, _) => o.ShowVersion = true),
    ];

    private static OptionSpec Text(string[] names, string hint, string help, string env, Action<ServerOptions, string> apply) =>
        new(names, [], OptionKind.Text, hint, help, env, (o, v, _) => apply(o, v));

    private static OptionSpec Integer(string[] names, string hint, string help, string env, Action<ServerOptions, int> apply) =>
        new(names, [], OptionKind.Integer, hint, help, env, (o, v, _) => apply(o, StdStoi.Parse(v)));

    private static OptionSpec Switch(string[] names, string[] negative, string help, string env, Action<ServerOptions, bool> apply) =>
        new(names, negative, OptionKind.Switch, null, help, env, (o, _, positive) => apply(o, positive));

    private static void AddAliases(ServerOptions options, string value)
    {
        foreach (var alias in value.Split(','))
        {
            var trimmed = alias.Trim();
            if (trimmed.Length > 0)
            {
                options.Aliases.Add(trimmed);
            }
        }
    }

    private static void SetParallel(ServerOptions options, int value)
    {
        // Same text (with its trailing newline) as the real handler's exception.
        options.Parallel = value != 0 ? value : throw new FormatException("error: invalid value for n_parallel\n");
    }

    private static void SetGpuLayers(ServerOptions options, string value)
    {
        if (value is not ("auto" or "all"))
        {
            _ = StdStoi.Parse(value);
        }

        // A CPU-only llama-server build prints these three lines for any -ngl value; the fake is a CPU build.
        Console.Error.Write(
            "warning: no usable GPU found, --gpu-layers option will be ignored\n" +
            "warning: one possible reason is that llama.cpp was compiled without GPU support\n" +
            "warning: consult docs/build.md for compilation instructions\n");
    }
}
