using System.Runtime.InteropServices;

namespace Orchestrator.TestSupport;

/// <summary>Sends real signal numbers: .NET can only SIGKILL (Process.Kill), and PosixSignal values are abstract.</summary>
public static class Signals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>kill(2); throws if the signal could not be sent (e.g. the process is gone).</summary>
    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    // DllImport rather than LibraryImport: the generated stub would need AllowUnsafeBlocks in every test project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
