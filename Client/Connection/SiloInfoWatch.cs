using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Client.Connection;

/// <summary>
/// Signals when <c>silo.json</c> may name a silo again (a silo wrote it), so a client waiting for its silo reconnects the
/// moment it is back. The file system's notice is the signal; a slow fallback covers what it cannot see (a state directory
/// that does not exist yet, a silo named by explicit settings rather than silo.json).
/// </summary>
internal sealed class SiloInfoWatch : IDisposable
{
    private static readonly TimeSpan Fallback = TimeSpan.FromSeconds(2);
    private readonly FileSystemWatcher? _watcher;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SiloInfoWatch(string? stateDirectory)
    {
        var directory = stateDirectory ?? SiloStateDirectory.Resolve();
        if (!Directory.Exists(directory))
        {
            return;
        }

        _watcher = new FileSystemWatcher(directory, SiloStateDirectory.InfoFileName);
        // silo.json is written beside and renamed into place.
        _watcher.Created += (_, _) => Signal();
        _watcher.Changed += (_, _) => Signal();
        _watcher.Renamed += (_, _) => Signal();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>Completes at the next change of silo.json, or after the fallback interval.</summary>
    public async Task NextChangeAsync(CancellationToken cancellationToken)
    {
        var changed = Volatile.Read(ref _changed).Task;
        try
        {
            await changed.WaitAsync(Fallback, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Time to look again anyway.
        }
    }

    public void Dispose() => _watcher?.Dispose();

    private void Signal() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
