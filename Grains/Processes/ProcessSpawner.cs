using System.Diagnostics;
using System.Threading.Channels;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// Starts every child process from one dedicated thread that never exits. The children get a parent-death signal
/// (PR_SET_PDEATHSIG through setpriv), and Linux delivers it when the *thread* that forked exits, not the process:
/// started from a thread-pool thread, a child was killed ~19 s later when the pool retired that thread (PITFALLS.md).
/// </summary>
internal sealed class ProcessSpawner
{
    private readonly Channel<SpawnRequest> _requests =
        Channel.CreateUnbounded<SpawnRequest>(new UnboundedChannelOptions { SingleReader = true });

    private ProcessSpawner()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "orchestrator-spawner" };
        thread.Start();
    }

    /// <summary>The one spawner of this process: its thread lives as long as the process does.</summary>
    public static ProcessSpawner Instance { get; } = new();

    public Task<Process> StartAsync(ProcessStartInfo startInfo)
    {
        var request = new SpawnRequest(startInfo, new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_requests.Writer.TryWrite(request))
        {
            request.Reply.TrySetException(new InvalidOperationException("The process spawner has stopped."));
        }

        return request.Reply.Task;
    }

    private void Run()
    {
        var reader = _requests.Reader;
        while (true)
        {
            if (!reader.TryRead(out var request))
            {
                // Blocking is this thread's job: it must stay alive (and be the forking thread) for the whole process life.
                reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();
                continue;
            }

            try
            {
                var process = Process.Start(request.StartInfo)
                    ?? throw new InvalidOperationException($"Could not start {request.StartInfo.FileName}.");
                request.Reply.TrySetResult(process);
            }
#pragma warning disable CA1031 // Any launch failure belongs to the caller; this thread must survive it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                request.Reply.TrySetException(e);
            }
        }
    }

    private sealed record SpawnRequest(ProcessStartInfo StartInfo, TaskCompletionSource<Process> Reply);
}
