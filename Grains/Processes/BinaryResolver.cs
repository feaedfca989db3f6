namespace Orchestrator.Grains.Processes;

/// <summary>Finds the llama-server binary: the configured path, else <c>llama-server</c> on PATH.</summary>
public static class BinaryResolver
{
    public const string DefaultName = "llama-server";

    /// <summary>The absolute path of an executable file, or an error a person can act on.</summary>
    public static (string? Path, string? Error) Resolve(string? configuredPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            var full = System.IO.Path.GetFullPath(ExpandHome(configuredPath));
            return IsExecutableFile(full)
                ? (full, null)
                : (null, $"llama-server binary not found at {full} (set by Orchestrator:LlamaServerPath or LLAMA_SERVER_PATH): point it at an executable llama-server");
        }

        var pathVariable = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var folder in pathVariable.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(folder, DefaultName);
            if (IsExecutableFile(candidate))
            {
                return (System.IO.Path.GetFullPath(candidate), null);
            }
        }

        return (null, $"llama-server binary not found on PATH ({pathVariable}): install llama.cpp's llama-server or set Orchestrator:LlamaServerPath / LLAMA_SERVER_PATH");
    }

    /// <summary>The path with every symbolic link resolved, as /proc/PID/exe will show it.</summary>
    public static string Canonical(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..]
            : path;

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
