namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>
/// Finds the llama-server binary: the configured path, else <c>llama-server</c> on PATH. The silo starts servers with what it
/// finds; <c>orch doctor</c> looks the same way, so both tell the same story.
/// </summary>
public static class BinaryResolver
{
    /// <summary>The file name looked for on PATH.</summary>
    public const string DefaultName = "llama-server";

    /// <summary>The environment variable the silo falls back to when <c>Orchestrator:LlamaServerPath</c> is not set.</summary>
    public const string EnvironmentVariable = "LLAMA_SERVER_PATH";

    /// <summary>The absolute path of an executable file, or an error a person can act on; PATH is the process's own.</summary>
    public static (string? Path, string? Error) Resolve(string? configuredPath) =>
        Resolve(configuredPath, Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Like <see cref="Resolve(string?)"/>, searching <paramref name="searchPath"/> (a PATH value) instead of the process's PATH.</summary>
    public static (string? Path, string? Error) Resolve(string? configuredPath, string? searchPath)
    {
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            var full = System.IO.Path.GetFullPath(ExpandHome(configuredPath));
            return IsExecutableFile(full)
                ? (full, null)
                : (null, $"llama-server binary not found at {full} (set by Orchestrator:LlamaServerPath or {EnvironmentVariable}): point it at an executable llama-server");
        }

        var pathVariable = searchPath ?? string.Empty;
        foreach (var folder in pathVariable.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(folder, DefaultName);
            if (IsExecutableFile(candidate))
            {
                return (System.IO.Path.GetFullPath(candidate), null);
            }
        }

        return (null, $"llama-server binary not found on PATH ({pathVariable}): install llama.cpp's llama-server or set Orchestrator:LlamaServerPath / {EnvironmentVariable}");
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
