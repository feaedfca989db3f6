namespace Orchestrator.Silo.Discovery;

/// <summary>
/// Holds an exclusive lock on <c>silo.lock</c> in the state directory for the silo's life, so a second silo on the same
/// directory refuses to start. On Linux .NET maps <see cref="FileShare.None"/> to flock(2), which the kernel drops
/// when the process dies, even by SIGKILL: a crashed silo never blocks the next one.
/// </summary>
internal sealed class StateDirectoryLock : IDisposable
{
    private readonly FileStream _lock;

    private StateDirectoryLock(FileStream lockFile) => _lock = lockFile;

    public static StateDirectoryLock Acquire(string stateDirectory)
    {
        Directory.CreateDirectory(stateDirectory);
        var path = Path.Combine(stateDirectory, "silo.lock");
        try
        {
            return new StateDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another silo is already running on the state directory {stateDirectory} ({e.Message}). Stop it, or give this one its own directory with ORCHESTRATOR_HOME.",
                e);
        }
    }

    public void Dispose() => _lock.Dispose();
}
