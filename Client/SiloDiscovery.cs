using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Client.Json;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Client;

/// <summary>Finds the running silo through the <c>silo.json</c> it writes into its state directory.</summary>
public static class SiloDiscovery
{
    /// <summary>The path of <c>silo.json</c> in <paramref name="stateDirectory"/>, or in the standard state directory when null.</summary>
    public static string InfoPath(string? stateDirectory = null) =>
        Path.Combine(stateDirectory ?? SiloStateDirectory.Resolve(), SiloStateDirectory.InfoFileName);

    /// <summary>
    /// Reads <c>silo.json</c>. Throws <see cref="SiloUnavailableException"/> when the file is missing or unreadable, or
    /// stale (the process that wrote it is gone).
    /// </summary>
    public static SiloInfo Read(string? stateDirectory = null)
    {
        var path = InfoPath(stateDirectory);
        SiloInfo? info;
        try
        {
            using var stream = File.OpenRead(path);
            info = JsonSerializer.Deserialize(stream, ClientJsonContext.Default.SiloInfo);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw SiloUnavailableException.NoInfoFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw SiloUnavailableException.Unreadable(path, e);
        }

        if (info is null || string.IsNullOrEmpty(info.Url) || !Uri.IsWellFormedUriString(info.Url, UriKind.Absolute))
        {
            throw SiloUnavailableException.Unreadable(path, new InvalidDataException("it has no valid \"url\""));
        }

        return IsAlive(info.Pid) ? info : throw SiloUnavailableException.Stale(path, info.Pid);
    }

    private static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // /proc answers at once; the Process machinery costs the CLI tens of milliseconds of start-up.
            return pid > 0 && Directory.Exists($"/proc/{pid}");
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
