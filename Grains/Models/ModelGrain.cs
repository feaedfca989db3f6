using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Actors;
using Orchestrator.Grains.Events;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Logs;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The actor of one model. Public methods only post messages; the mailbox loop is the one place that reads or writes
/// the model's state, process, timers and log buffer. Turns never wait on a process or a stream: spawns, exits, output
/// lines and timer ticks come back as messages, so a status is answered at once even during a slow load.
/// </summary>
public sealed partial class ModelGrain : IModelGrain, IAsyncDisposable
{
    private readonly ModelDefinition _model;
    private readonly ModelGrainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ModelEventHub _events;
    private readonly ChildProcessJournal? _journal;
    private readonly Mailbox<Message> _mailbox = new();
    private readonly Task _loop;

    internal ModelGrain(ModelDefinition model, ModelGrainOptions options, TimeProvider time, ILogger logger, ModelEventHub events)
    {
        _model = model;
        _options = options;
        _time = time;
        _logger = logger;
        _events = events;
        _journal = options.ChildJournalDirectory is { } dir ? new ChildProcessJournal(dir) : null;
        _logs = new LogRingBuffer(options.LogCapacity);
        _state = new ModelState(model.Id, ModelStatus.Stopped, null, null, null, time.GetUtcNow());
        _loop = _mailbox.RunAsync(HandleAsync, static (message, error) => message.Fail(error));
    }

    /// <inheritdoc />
    public ModelId Id => _model.Id;

    /// <inheritdoc />
    public Task<ModelState> GetStateAsync(CancellationToken cancellationToken = default) =>
        Ask<ModelState>(reply => new GetState(reply), priority: true, cancellationToken);

    /// <inheritdoc />
    public Task<ModelState> StartAsync(CancellationToken cancellationToken = default) =>
        Ask<ModelState>(reply => new Start(reply), priority: false, cancellationToken);

    /// <inheritdoc />
    public Task<ModelState> StopAsync(CancellationToken cancellationToken = default) =>
        Ask<ModelState>(reply => new Stop(reply), priority: true, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<LogLine>> GetLogsAsync(int tail, CancellationToken cancellationToken = default) =>
        Ask<IReadOnlyList<LogLine>>(reply => new GetLogs(tail, reply), priority: true, cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<LogLine> FollowLogsAsync(int tail, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sink = Channel.CreateBounded<LogLine>(new BoundedChannelOptions(_options.LogCapacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest, // a slow follower loses old lines, never stalls the grain
            SingleReader = true,
        });
        await Ask<bool>(reply => new FollowLogs(tail, sink, reply), priority: true, cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var line in sink.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return line;
            }
        }
        finally
        {
            _mailbox.PostPriority(new UnfollowLogs(sink));
        }
    }

    /// <summary>Stops the model (no process outlives the grain), then ends the mailbox loop.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Disposed twice.
        }

        _mailbox.Complete();
        await _loop.ConfigureAwait(false);
    }

    private Task<T> Ask<T>(Func<TaskCompletionSource<T>, Message> create, bool priority, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var message = create(reply);
        var posted = priority ? _mailbox.PostPriority(message) : _mailbox.Post(message);
        if (!posted)
        {
            reply.TrySetException(new ObjectDisposedException(nameof(ModelGrain), $"The grain of \"{_model.Id}\" has shut down."));
        }

        return cancellationToken.CanBeCanceled ? reply.Task.WaitAsync(cancellationToken) : reply.Task;
    }

    /// <summary>Posts from outside a turn (process callbacks, timers); false once the grain has shut down.</summary>
    private bool Post(Message message) => _mailbox.Post(message);

    private ValueTask HandleAsync(Message message)
    {
        switch (message)
        {
            case GetState m: m.Reply.TrySetResult(_state); break;
            case Start m: OnStart(m); break;
            case Stop m: OnStop(m); break;
            case GetLogs m: m.Reply.TrySetResult(_logs.Tail(m.Tail)); break;
            case FollowLogs m: OnFollowLogs(m); break;
            case UnfollowLogs m: _followers.Remove(m.Sink); break;
            case Spawned m: OnSpawned(m); break;
            case SpawnFailed m: OnSpawnFailed(m); break;
            case OutputLine m: OnOutputLine(m); break;
            case Exited m: OnExited(m); break;
            case LoadTimedOut m: OnLoadTimedOut(m); break;
            case EscalateStop m: OnEscalateStop(m); break;
            case OpenChat m: OnOpenChat(m); break;
            case ChatEnded m: OnChatEnded(m); break;
            case WatchdogTick m: OnWatchdogTick(m); break;
            case HealthProbed m: OnHealthProbed(m); break;
            default: throw new InvalidOperationException($"Unknown message {message.GetType().Name}.");
        }

        return ValueTask.CompletedTask;
    }

    private void SetState(ModelStatus status, string? reason = null, int? port = null, int? pid = null)
    {
        var previous = _state.Status;
        _state = new ModelState(_model.Id, status, reason, port, pid, _time.GetUtcNow());
        LogStateChanged(_model.Id.Value, previous, status, reason);
        _events.Publish(new ModelStateChanged(previous, _state));
        UpdateWatchdog();
    }
}
