namespace FakeLlamaServer.Hosting;

/// <summary>
/// The server's life: loading, ready, possibly wedged (frozen), and stopping. Read by every request, changed
/// by the loader, the signal handler and the scripted completions; all changes are single flags or counters.
/// </summary>
internal sealed class ServerState
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _ready;
    private volatile bool _frozen;
    private int _halted;
    private int _inFlight;

    /// <summary>Before this, every endpoint answers 503 "Loading model".</summary>
    public bool IsReady => _ready;

    /// <summary>Wedged: no endpoint answers, no stream moves.</summary>
    public bool IsFrozen => _frozen;

    /// <summary>Completes with the process exit code; Main returns it.</summary>
    public Task<int> Exited => _exit.Task;

    public int InFlight => Volatile.Read(ref _inFlight);

    public void MarkReady() => _ready = true;

    public void Freeze() => _frozen = true;

    public void RequestExit(int code) => _exit.TrySetResult(code);

    public void RequestStarted() => Interlocked.Increment(ref _inFlight);

    public void RequestEnded()
    {
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _halted) == 1)
        {
            RequestExit(0);
        }
    }

    /// <summary>
    /// The first SIGTERM: llama-server's main loop ends, so no stream makes progress any more, and the process
    /// exits once the in-flight requests are gone (their clients disconnect).
    /// </summary>
    public void HaltAndExitWhenDrained()
    {
        // Exchange is a full fence, so this and RequestEnded cannot both miss the last request leaving.
        Interlocked.Exchange(ref _halted, 1);
        if (InFlight == 0)
        {
            RequestExit(0);
        }
    }

    /// <summary>Returns at once while the server runs; waits for the client to go away once it is halted or frozen.</summary>
    public Task WaitUntilRunnableAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _halted) == 1 || _frozen
            ? Task.Delay(Timeout.Infinite, cancellationToken)
            : Task.CompletedTask;
}
