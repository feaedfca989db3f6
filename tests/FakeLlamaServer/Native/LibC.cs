using System.Runtime.InteropServices;

namespace FakeLlamaServer.Native;

/// <summary>
/// The few libc calls .NET has no API for: sending a real signal number (PosixSignal values are abstract),
/// restoring a signal's default disposition, and an exit that skips every managed clean-up (a crash).
/// </summary>
internal static partial class LibC
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    private const nint SigDfl = 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);

    [LibraryImport("libc", EntryPoint = "_exit")]
    private static partial void ExitImmediately(int status);

    /// <summary>Dies by <paramref name="signal"/> with its default action, as a process without a handler would.</summary>
    public static void DieBySignal(int signal)
    {
        // The runtime has its own handler installed for SIGTERM/SIGINT; put the default back so the kernel ends us
        // and the parent's waitpid sees a signal death, not an exit code.
        _ = Signal(signal, SigDfl);
        _ = Kill(Environment.ProcessId, signal);
        // SIGKILL cannot be caught: the fallback for a signal the runtime still intercepts.
        _ = Kill(Environment.ProcessId, SigKill);
    }

    /// <summary>Ends the process at once with <paramref name="status"/>: no finalizers, no flushing, no socket shutdown.</summary>
    public static void Crash(int status) => ExitImmediately(status);
}
