using System.Diagnostics;
using System.Globalization;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Processes;

/// <summary>Builds the command line and environment of one model's llama-server.</summary>
internal static class LlamaServerCommand
{
    private const string SetprivPath = "/usr/bin/setpriv";

    // If the silo dies between fork and setpriv's prctl, the child has already been re-parented: it must not go on.
    private const string ParentCheck = "test \"$PPID\" = \"$0\" || exit 97; exec \"$@\"";

    /// <summary>Environment variables that would silently change or break the child (PITFALLS.md).</summary>
    public static bool IsScrubbed(string name) =>
        name.StartsWith("LLAMA_ARG_", StringComparison.Ordinal) || name == "LLAMA_SERVER_ROUTER_PORT";

    /// <summary>The server's own arguments: model, loopback host, port (0 = the server picks one), alias, then the model's extras.</summary>
    public static IReadOnlyList<string> Arguments(ModelDefinition model, string host) =>
    [
        "--model", model.ModelFilePath,
        "--host", host,
        "--port", (model.Port ?? 0).ToString(CultureInfo.InvariantCulture),
        "--alias", model.Id.Value,
        .. model.ServerArguments,
    ];

    public static ProcessStartInfo Build(string binaryPath, ModelDefinition model, string host)
    {
        var info = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // the child must never read the silo's terminal
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(model.ModelFilePath) ?? Environment.CurrentDirectory,
        };

        if (File.Exists(SetprivPath) && OperatingSystem.IsLinux())
        {
            // Dies with the silo: SIGKILL when the spawner thread (which never exits before the process) goes away.
            info.FileName = SetprivPath;
            foreach (var arg in (string[])["--pdeathsig", "KILL", "--", "/bin/sh", "-c", ParentCheck, Environment.ProcessId.ToString(CultureInfo.InvariantCulture), binaryPath])
            {
                info.ArgumentList.Add(arg);
            }
        }
        else
        {
            info.FileName = binaryPath;
        }

        foreach (var arg in Arguments(model, host))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.Where(IsScrubbed).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in model.Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }
}
