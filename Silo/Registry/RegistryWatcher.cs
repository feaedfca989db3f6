using System.Threading.Channels;
using Orchestrator.Grains;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Silo.Registry;

/// <summary>
/// Keeps the silo's registry equal to models.json on disk. It watches the file's folder (an editor that saves by writing a
/// new file and renaming it over the old one replaces the file, which a watch on the file alone would lose), waits for
/// writes to settle, then reads the file: an added model appears (and starts, with <c>preload</c>); a removed one is retired
/// (stopped once its chats end); a changed one takes its new definition at its next start. A file that cannot be used
/// leaves the models in use as they are, with the error logged and shown. At start it also starts the <c>preload</c> models.
/// </summary>
internal sealed partial class RegistryWatcher(ReloadableRegistry registry, IGrainFactory grains, TimeProvider time, ILogger<RegistryWatcher> logger)
    : IHostedService, IDisposable
{
    /// <summary>Editors write a file in several steps; reading once they went quiet this long avoids reading half a file.</summary>
    internal static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(150);

    private readonly Channel<bool> _reloads = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _settle;
    private Task _loop = Task.CompletedTask;
    private string? _lastText; // null until a check parses the file (the first compares it with what the start-up loaded)
    private bool _checked;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = registry.FilePath;
        _settle = time.CreateTimer(_ => _reloads.Writer.TryWrite(true), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
        var name = Path.GetFileName(path);
        FileSystemEventHandler changed = (_, e) => OnFileEvent(e.Name, name);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, e) =>
        {
            OnFileEvent(e.Name, name);
            OnFileEvent(e.OldName, name);
        };
        _watcher.Error += (_, e) =>
        {
            LogWatchError(e.GetException().Message);
            _settle.Change(SettleTime, Timeout.InfiniteTimeSpan); // events may have been lost: read the file anyway
        };
        try
        {
            _watcher.EnableRaisingEvents = true;
        }
        catch (IOException e)
        {
            // Out of inotify watches or instances (fs.inotify.max_user_*): the silo serves, without reloads.
            LogCannotWatch(path, e.Message);
        }

        _loop = ReloadLoopAsync(_stopping.Token);
        _settle.Change(SettleTime, Timeout.InfiniteTimeSpan); // an edit made between the start-up's read and the watch
        Preload(registry.Models);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watcher is not null)
        {
            _watcher.EnableRaisingEvents = false;
        }

        await _stopping.CancelAsync();
        _reloads.Writer.TryComplete();
        await _loop.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _settle?.Dispose();
        _stopping.Dispose();
    }

    private void OnFileEvent(string? changed, string watched)
    {
        if (string.Equals(changed, watched, StringComparison.Ordinal))
        {
            _settle?.Change(SettleTime, Timeout.InfiniteTimeSpan); // every event restarts the wait
        }
    }

    private async Task ReloadLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var _ in _reloads.Reader.ReadAllAsync(cancellationToken))
            {
                try
                {
                    Reload();
                }
#pragma warning disable CA1031 // Whatever one reload hit, the next edit must still be read.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogReloadFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The silo is stopping.
        }
    }

    private void Reload()
    {
        var text = TryRead(registry.FilePath);
        // Not "_lastText is null": a first check that found the file broken leaves it null, and the fix that follows must
        // still be reported (the test of a broken edit saw it missing whenever the edit beat the first check).
        var firstCheck = !_checked;
        _checked = true;
        if (text is not null && text == _lastText && registry.Describe().Error is null)
        {
            return; // touched, not changed
        }

        ModelRegistry next;
        try
        {
            // The text just read is the text parsed (a second read could see a later edit and mark the wrong one as read).
            next = text is null ? ModelRegistry.Load(registry.FilePath) : ModelRegistry.Parse(text, registry.FilePath);
        }
        catch (RegistryException error)
        {
            registry.Fail(error);
            LogBroken(registry.Models.Count, error.Message);
            return;
        }

        _lastText = text;
        var before = registry.Replace(next);
        var changes = RegistryChanges.Between(before.Models, next.Models);
        if (changes.None)
        {
            if (!firstCheck)
            {
                LogUnchanged(registry.FilePath);
            }

            return;
        }

        LogReloaded(registry.FilePath, next.Models.Count, changes.ToString());
        foreach (var removed in changes.Removed)
        {
            Call(removed.Id, grains.GetGrain<IModelControl>(removed.Id.Value).RetireAsync(), "retire");
        }

        Preload(changes.Added);
    }

    private void Preload(IEnumerable<ModelDefinition> models)
    {
        foreach (var model in models.Where(m => m.Policy.Preload))
        {
            LogPreloading(model.Id.Value);
            Call(model.Id, grains.GetGrain<IModelGrain>(model.Id.Value).StartAsync(), "preload");
        }
    }

    /// <summary>Not awaited: a preload lasts the load, and its outcome is the model's state and events.</summary>
    private void Call(ModelId id, Task call, string what) =>
        TaskFaults.Log(call, (Watcher: this, Id: id.Value, What: what), static (s, error) => s.Watcher.LogCallFailed(s.Id, s.What, error.Message));

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Reloaded {Path}: {Count} model(s); {Changes}")]
    private partial void LogReloaded(string path, int count, string changes);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "Reloaded {Path}: no model changed")]
    private partial void LogUnchanged(string path);

    [LoggerMessage(EventId = 32, Level = LogLevel.Error, Message = "models.json changed but cannot be used; still serving the {Count} model(s) loaded before. {Error}")]
    private partial void LogBroken(int count, string error);

    [LoggerMessage(EventId = 33, Level = LogLevel.Information, Message = "Preloading {ModelId}")]
    private partial void LogPreloading(string modelId);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "Model {ModelId}: {What} failed: {Message}")]
    private partial void LogCallFailed(string modelId, string what, string message);

    [LoggerMessage(EventId = 37, Level = LogLevel.Error, Message = "Reloading models.json failed; the next edit is read again")]
    private partial void LogReloadFailed(Exception error);

    [LoggerMessage(EventId = 36, Level = LogLevel.Warning, Message = "Cannot watch {Path} for changes ({Message}); edits take effect at the next start of the silo")]
    private partial void LogCannotWatch(string path, string message);

    [LoggerMessage(EventId = 35, Level = LogLevel.Warning, Message = "Watching models.json failed ({Message}); reading it again")]
    private partial void LogWatchError(string message);
}
