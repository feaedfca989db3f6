using System.Runtime.InteropServices;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// Sends POSIX signals. .NET has no SIGTERM API (<c>Process.Kill</c> is SIGKILL) and <c>PosixSignal.SIGTERM</c> is an
/// abstract value (-4) that must never reach kill(2), so the real numbers live here.
/// </summary>
internal static partial class PosixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is already gone.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>The conventional name of a signal number, for reasons a person reads.</summary>
    public static string Name(int signal) => signal switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        3 => "SIGQUIT",
        4 => "SIGILL",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
