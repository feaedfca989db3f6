using System.Diagnostics;
using Orchestrator.Grains.Interfaces.Logs;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// A started child: its output is read from the first moment (line by line, bounded) and its exit is reported once,
/// from the exit event itself, after the output it wrote before dying has been delivered.
/// </summary>
internal sealed class ChildProcess
{
    private readonly Process _process;

    private ChildProcess(Process process)
    {
        _process = process;
        Pid = process.Id;
    }

    public int Pid { get; }

    /// <summary>
    /// Starts the child on the spawner thread. <paramref name="onStarted"/> is called first; <paramref name="onLine"/> is called for every line of stdout and stderr;
    /// <paramref name="onExit"/> once with the exit code, after the pipes reached end of file or
    /// <paramref name="outputDrainTimeout"/> passed (a grandchild may hold a pipe open long after the child died).
    /// </summary>
    public static async Task<ChildProcess> StartAsync(
        ProcessStartInfo startInfo,
        int maxLineLength,
        TimeSpan outputDrainTimeout,
        Action<ChildProcess> onStarted,
        Action<LogSource, string> onLine,
        Action<int> onExit)
    {
        var process = await ProcessSpawner.Instance.StartAsync(startInfo).ConfigureAwait(false);
        var child = new ChildProcess(process);
        // Announced before any line or the exit can be reported, so the owner always hears of the child first.
        onStarted(child);
        var stdout = OutputLineReader.ReadLinesOnOwnThread(process.StandardOutput.BaseStream, maxLineLength, l => onLine(LogSource.Stdout, l));
        var stderr = OutputLineReader.ReadLinesOnOwnThread(process.StandardError.BaseStream, maxLineLength, l => onLine(LogSource.Stderr, l));
        _ = child.WatchExitAsync(Task.WhenAll(stdout, stderr), outputDrainTimeout, onExit);
        return child;
    }

    /// <summary>
    /// <see cref="StartAsync"/>, with a launch failure reported to <paramref name="onFailed"/> instead of thrown: for an
    /// owner that hears of its child only through callbacks.
    /// </summary>
    public static async Task LaunchAsync(
        ProcessStartInfo startInfo,
        int maxLineLength,
        TimeSpan outputDrainTimeout,
        Action<ChildProcess> onStarted,
        Action<LogSource, string> onLine,
        Action<int> onExit,
        Action<Exception> onFailed)
    {
        try
        {
            await StartAsync(startInfo, maxLineLength, outputDrainTimeout, onStarted, onLine, onExit).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every launch failure becomes the model's crash reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            onFailed(e);
        }
    }

    /// <summary>Asks the child to stop (SIGTERM); false when it is already gone.</summary>
    public bool Terminate() => PosixSignals.Send(Pid, PosixSignals.SigTerm);

    /// <summary>Kills the child and everything it started (SIGKILL).</summary>
    public void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited: nothing left to kill.
        }
    }

    private async Task WatchExitAsync(Task outputDone, TimeSpan drainTimeout, Action<int> onExit)
    {
        // Without BeginOutputReadLine, WaitForExitAsync completes on the exit itself (~1-2 ms), not on pipe EOF.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        try
        {
            await outputDone.WaitAsync(drainTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A grandchild still holds the pipe; report the exit without its last words rather than late.
        }
        catch (IOException)
        {
            // A broken pipe read is not an exit reason.
        }

        var exitCode = _process.ExitCode;
        _process.Dispose();
        onExit(exitCode);
    }
}
