using System.Runtime.InteropServices;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>Real signal numbers: .NET can only SIGKILL, and a silo stops its children gracefully on SIGTERM.</summary>
public static class Signals
{
    public const int SigTerm = 15;

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    // DllImport rather than LibraryImport: no unsafe blocks needed in this project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
