using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Logs;
using Orchestrator.Grains.Memory;
using Orchestrator.Grains.Processes;
using Orchestrator.Grains.Telemetry;
using Orleans.Concurrency;
using Orleans.Streams;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The grain of one model. Orleans runs one piece of its code at a time; every handler is synchronous, so the grain is
/// <see cref="ReentrantAttribute">reentrant</see>: a call that waits (a start waiting for readiness, a stop waiting for the
/// exit) awaits a reply outside its turn, and a status is answered at once even during a slow load. Spawns, exits, output
/// lines and probe results come from foreign threads through a channel that a loop on the grain's own scheduler drains;
/// timers are grain timers. Nothing else ever touches the state.
/// </summary>
[Reentrant]
[Cluster.ModelPlacement] // on a node whose models.json lists the model, the one with the most room
[KeepAlive] // a grain that owns a process (or its crash log) must never be collected for being idle
public sealed partial class ModelGrain : Grain, IModelGrain, IModelControl
{
    private readonly IModelDefinitions _registry;
    private readonly ModelGrainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrchestratorMetrics _metrics;
    private readonly ILocalSiloDetails _silo;
    private readonly Channel<Message> _processEvents = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
    private ModelDefinition _model = null!;
    private ChildProcessJournal? _journal;
    private IAsyncStream<ModelStateChanged> _events = null!;
    private IAsyncStream<LogLine> _logStream = null!;
    private IStreamProvider _streamProvider = null!;
    private Task _pump = Task.CompletedTask;

    public ModelGrain(IModelDefinitions registry, ModelGrainOptions options, TimeProvider time, OrchestratorMetrics metrics, ILocalSiloDetails silo, ILogger<ModelGrain> logger)
    {
        _silo = silo;
        _registry = registry;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _logs = new LogRingBuffer(options.LogCapacity);
    }

    private bool IsKnown => _model is not null;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var id = this.GetPrimaryKeyString();
        if (!ModelId.TryCreate(id, out var modelId) || !_registry.TryGet(modelId!, out var model))
        {
            return Task.CompletedTask; // every call answers ModelNotFoundException and lets the activation go
        }

        _model = model;
        _memory = MemoryEstimate.Of(model);
        _journal = _options.ChildJournalDirectory is { } dir ? new ChildProcessJournal(dir) : null;
        _state = new ModelState(model.Id, ModelStatus.Stopped, null, null, null, _time.GetUtcNow()) { MemoryMb = _memory.Mb, MemorySource = _memory.Source, Facts = _memory.Facts, Node = _silo.Name };
        _streamProvider = this.GetStreamProvider(OrchestratorStreams.Provider);
        _events = _streamProvider.GetStream<ModelStateChanged>(OrchestratorStreams.Events);
        _logStream = _streamProvider.GetStream<LogLine>(OrchestratorStreams.Logs(model.Id.Value));
        // Started from the grain's context, so every continuation of the loop runs on the grain's scheduler.
        _pump = PumpProcessEventsAsync();
        return Node.HostingAsync(model.Id.Value);
    }

    /// <summary>Deactivation (silo shutdown included) stops the process first: no server outlives its grain.</summary>
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (!IsKnown)
        {
            return;
        }

        try
        {
            await StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Out of time: kill what is left rather than leave it.
            _child?.KillTree();
        }
        finally
        {
            _processEvents.Writer.TryComplete();
            await _pump;
            if (reason.ReasonCode != DeactivationReasonCode.ShuttingDown)
            {
                // Also after a failed stop: the node must not stop this model at its shutdown once it runs elsewhere.
                // A silo going away takes its node grain with it: nobody to tell.
                await Node.LeftAsync(_model.Id.Value);
            }
        }
    }

    /// <summary>This silo's node grain: it stops the servers of the grains it hosts when the silo shuts down.</summary>
    private INodeGrain Node => GrainFactory.GetGrain<INodeGrain>(INodeGrain.KeyOf(_silo.SiloAddress));

    /// <inheritdoc />
    public Task<ModelState> GetStateAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Known()._state with { IdleSince = _idleSince });

    /// <inheritdoc />
    public Task<IReadOnlyList<LogLine>> GetLogsAsync(int tail, CancellationToken cancellationToken = default) =>
        Task.FromResult(Known()._logs.Tail(tail));

    /// <summary>This grain, once its model is known to be in models.json; else the activation goes and the caller hears why.</summary>
    private ModelGrain Known()
    {
        if (!IsKnown)
        {
            DeactivateOnIdle();
            throw new ModelNotFoundException(this.GetPrimaryKeyString());
        }

        return this;
    }

    /// <summary>
    /// For what begins something new (a start, a chat): the model must be in models.json as it is now. A model removed
    /// from it answers not found; one listed again is no longer retiring.
    /// </summary>
    private void Listed()
    {
        Known();
        if (!_registry.TryGet(_model.Id, out _))
        {
            throw new ModelNotFoundException(_model.Id.Value);
        }

        _retiring = false;
    }

    /// <summary>Hands a process event (from a foreign thread) to the grain; false once the grain has gone.</summary>
    private bool Post(Message message) => _processEvents.Writer.TryWrite(message);

    private async Task PumpProcessEventsAsync()
    {
        await foreach (var message in _processEvents.Reader.ReadAllAsync())
        {
            Activity.Current = null; // a message from a foreign thread belongs to no grain call's trace
            try
            {
                Handle(message);
            }
#pragma warning disable CA1031 // One failing event must not stop the grain from hearing the next (an exit, say).
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogEventFailed(_model.Id.Value, message.GetType().Name, e);
            }
        }
    }

    private void Handle(Message message)
    {
        switch (message)
        {
            case Spawned m: OnSpawned(m); break;
            case SpawnFailed m: OnSpawnFailed(m); break;
            case OutputLine m: OnOutputLine(m); break;
            case Exited m: OnExited(m); break;
            case ChatEnded m: OnChatEnded(m); break;
            case HealthProbed m: OnHealthProbed(m); break;
            default: throw new InvalidOperationException($"Unknown message {message.GetType().Name}.");
        }
    }

    private void SetState(ModelStatus status, string? reason = null, int? port = null, int? pid = null, string? decision = null, int? queuePosition = null)
    {
        var previous = _state.Status;
        var now = _time.GetUtcNow();
        _state = new ModelState(_model.Id, status, reason, port, pid, now)
        {
            Decision = decision,
            QueuePosition = queuePosition,
            MemoryMb = _memory.Mb,
            MemorySource = _memory.Source,
            Facts = _memory.Facts,
            RunningSince = status != ModelStatus.Running ? null : previous == ModelStatus.Running ? _state.RunningSince : now,
            LastAnswer = _state.LastAnswer,
            Node = _silo.Name,
        };
        Measure(previous, status);
        if (previous != status)
        {
            LogStateChanged(_model.Id.Value, previous, status, decision is null ? reason ?? string.Empty : $"({decision}) {reason}");
        }

        if (status is ModelStatus.Stopped or ModelStatus.Crashed)
        {
            ReleaseRoom();
        }

        Publish(_events.OnNextAsync(new ModelStateChanged(previous, _state)));
        UpdateWatchdog();
        UpdateUse(); // last: a policy it carries out (a stop) publishes its own change after this one
    }

    /// <summary>
    /// Publishes without waiting: a turn never waits on a stream. The in-silo queue takes the event synchronously, so
    /// events keep the order in which the grain published them.
    /// </summary>
    private void Publish(Task publishing) =>
        TaskFaults.Log(publishing, this, static (grain, error) => grain.LogPublishFailed(grain._model.Id.Value, error));
}
