using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Processes;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Models;

/// <summary>Start, readiness, exit and stop: the model's life as synchronous handlers, run only on the grain's scheduler.</summary>
public sealed partial class ModelGrain
{
    private ModelState _state = null!;
    private long _generation;
    private ChildProcess? _child;
    private string? _binary;
    private string? _launchBinary;
    private bool _killOnSpawn;
    private (string Reason, string Kind)? _pendingCrash; // a kill on its way: what its exit will be a crash of (CrashKinds)
    private long _launchedAt;
    private IGrainTimer? _timer;
    private readonly List<TaskCompletionSource<ModelState>> _startWaiters = [];
    private readonly List<TaskCompletionSource<ModelState>> _stopWaiters = [];

    /// <inheritdoc />
    public Task<ModelState> StartAsync(CancellationToken cancellationToken = default)
    {
        Listed();
        if (_state.Status == ModelStatus.Running)
        {
            return Task.FromResult(_state);
        }

        // Starting, Queued or asking for room: join that start. Stopping: start again once the old process is gone.
        var reply = Waiter(_startWaiters);
        if (_state.Status is ModelStatus.Stopped or ModelStatus.Crashed && !_askingRoom)
        {
            CancelRestart();
            (_startDecision, _startReason) = (null, null);
            RequestRoom();
        }

        return reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>What can fail before any room is taken: the binary and the model file.</summary>
    private string? Preflight()
    {
        var (binary, error) = BinaryResolver.Resolve(_options.LlamaServerPath);
        if (binary is null)
        {
            return error!;
        }

        _launchBinary = binary;
        return File.Exists(_model.ModelFilePath)
            ? null
            : $"model file not found: {_model.ModelFilePath} (the model_file_path of \"{_model.Id}\" in models.json): download the model or fix the path";
    }

    /// <summary>Spawns the server: room was granted.</summary>
    private void BeginStart()
    {
        var binary = _launchBinary!;
        var generation = ++_generation;
        _binary = BinaryResolver.Canonical(binary);
        _killOnSpawn = false;
        _pendingCrash = null;
        _generationFirstLogSequence = _logSequence + 1;
        var (decision, reason) = (_startDecision, _startReason);
        (_startDecision, _startReason) = (null, null);
        _launchedAt = _time.GetTimestamp();
        SetState(ModelStatus.Starting, reason, _model.Port, decision: decision);
        SetTimer(_options.LoadTimeout, () => OnLoadTimedOut(generation));
        var startInfo = LlamaServerCommand.Build(binary, _model, _options.ServerHost);
        // Every callback comes from a foreign thread and only posts to the grain.
        _ = ChildProcess.LaunchAsync(
            startInfo,
            _options.MaxLogLineLength,
            _options.ExitOutputDrainTimeout,
            child =>
            {
                if (!Post(new Spawned(generation, child)))
                {
                    child.KillTree(); // the grain is gone: nobody would ever stop this child
                }
            },
            (source, text) => Post(new OutputLine(generation, source, text, _time.GetUtcNow())),
            exitCode => Post(new Exited(generation, exitCode)),
            error => Post(new SpawnFailed(generation, $"could not start {startInfo.FileName}: {error.Message}")));
    }

    private void OnSpawned(Spawned message)
    {
        if (message.Generation != _generation || _child is not null)
        {
            message.Child.KillTree(); // cannot happen by construction; never leave an unowned process
            return;
        }

        _child = message.Child;
        if (_journal is not null && ProcessIdentity.TryRead(_child.Pid) is { } identity)
        {
            _journal.Record(identity.Pid, identity.StartTicks, _binary!, _model.Id.Value);
        }

        if (_killOnSpawn)
        {
            _child.KillTree();
        }

        SetState(_state.Status, _state.Reason, _state.Port, _child.Pid, _state.Decision);
        LogSpawned(_model.Id.Value, _child.Pid);
    }

    private void OnSpawnFailed(SpawnFailed message)
    {
        if (message.Generation != _generation)
        {
            return;
        }

        CancelTimer();
        if (_state.Status == ModelStatus.Stopping)
        {
            BecomeStopped();
        }
        else
        {
            Crash(message.Reason, CrashKinds.SpawnFailed);
        }
    }

    private void OnReady(int port)
    {
        CancelTimer();
        var restarted = _state.Decision == Decisions.Restarted; // the view keeps saying why it runs again
        _metrics.Started(_model.Id.Value, _time.GetElapsedTime(_launchedAt));
        SetState(ModelStatus.Running, restarted ? _state.Reason : null, port, _child?.Pid, restarted ? Decisions.Restarted : null);
        CompleteAll(_startWaiters, _state);
    }

    private void OnExited(Exited message)
    {
        if (message.Generation != _generation || _child is null)
        {
            return;
        }

        _journal?.Forget(_child.Pid);
        _child = null;
        CancelTimer();
        var exit = ExitDescription.Describe(message.ExitCode);
        switch (_state.Status)
        {
            case ModelStatus.Starting:
                Crash(_pendingCrash?.Reason ?? $"{exit} while loading the model{LastOutput()}", _pendingCrash?.Kind ?? CrashKinds.ExitedWhileLoading, processDied: true);
                break;
            case ModelStatus.Running:
                Crash(_pendingCrash?.Reason ?? $"{exit} while running{LastOutput()}", _pendingCrash?.Kind ?? CrashKinds.Exited, processDied: true);
                break;
            default:
                BecomeStopped();
                break;
        }
    }

    private void OnLoadTimedOut(long generation)
    {
        if (generation != _generation || _state.Status != ModelStatus.Starting)
        {
            return;
        }

        // Crashed is set when the exit arrives, so a Crashed model never has a process left.
        _pendingCrash = ($"not ready within the load timeout of {_options.LoadTimeout} (Orchestrator:LoadTimeout); the server was killed{LastOutput()}", CrashKinds.LoadTimeout);
        KillChild();
    }

    /// <inheritdoc />
    public Task<ModelState> StopAsync(CancellationToken cancellationToken = default)
    {
        Known();
        CancelRestart();
        _yieldReason = null;
        (_startDecision, _startReason) = (null, null);
        switch (_state.Status)
        {
            case ModelStatus.Stopped or ModelStatus.Crashed or ModelStatus.Queued:
                if (_askingRoom || _state.Status == ModelStatus.Queued)
                {
                    WithdrawRoomRequest();
                    AbandonStartTrace();
                    FailAll(_startWaiters, new StartFailedException(_model.Id.Value, "stopped before it started: a stop was requested while the start waited for room"));
                }

                if (_state.Status != ModelStatus.Stopped)
                {
                    SetState(ModelStatus.Stopped); // acknowledges a crash; there is no process to stop
                }

                return Task.FromResult(_state);
        }

        var reply = Waiter(_stopWaiters);
        switch (_state.Status)
        {
            case ModelStatus.Stopping:
                // A start that arrived while stopping would run once the process is gone: this stop comes after it.
                FailAll(_startWaiters, new StartFailedException(_model.Id.Value, "stopped before it started: a stop was requested after this start, while the previous process was stopping"));
                break;
            case ModelStatus.Starting:
                FailAll(_startWaiters, new StartFailedException(_model.Id.Value, "stopped while loading: a stop was requested before the server was ready"));
                CancelTimer();
                SetState(ModelStatus.Stopping, port: _state.Port, pid: _state.Pid);
                // While loading llama-server has no SIGTERM handler yet: a kill is what a SIGTERM would do anyway.
                KillChild();
                break;
            default:
                var streamsInFlight = EndStreams(ErrorTypes.ModelStopped, $"model \"{_model.Id}\" was stopped");
                SetState(ModelStatus.Stopping, port: _state.Port, pid: _state.Pid);
                Terminate(streamsInFlight);
                break;
        }

        return reply.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// SIGTERM, then escalation. With requests in flight the first SIGTERM is ignored until llama-server's 1 s poll sees
    /// the closed clients; a second SIGTERM ends it at once. Idle, the first one exits within milliseconds.
    /// </summary>
    private void Terminate(int streamsInFlight)
    {
        _child!.Terminate();
        var generation = _generation;
        SetTimer(
            streamsInFlight > 0 ? _options.InFlightStopGrace : _options.StopTimeout,
            () => OnEscalateStop(generation, kill: streamsInFlight == 0));
    }

    private void OnEscalateStop(long generation, bool kill)
    {
        if (generation != _generation || _state.Status != ModelStatus.Stopping || _child is null)
        {
            return;
        }

        if (kill)
        {
            LogKilledAfterTimeout(_model.Id.Value, _child.Pid);
            _child.KillTree();
        }
        else
        {
            _child.Terminate();
            SetTimer(_options.StopTimeout, () => OnEscalateStop(generation, kill: true));
        }
    }

    private void KillChild()
    {
        if (_child is null)
        {
            _killOnSpawn = true; // the spawn is still on its way: kill it when it arrives
        }
        else
        {
            _child.KillTree();
        }
    }

    private void BecomeStopped()
    {
        var (decision, reason) = (_stopDecision, _stopReason);
        (_stopDecision, _stopReason) = (null, null);
        SetState(ModelStatus.Stopped, reason, decision: decision);
        CompleteAll(_stopWaiters, _state);
        if (_startWaiters.Count > 0)
        {
            RequestRoom(); // a start arrived while stopping
        }
        else if (_retiring)
        {
            DeactivateOnIdle(); // removed from models.json, and now stopped
        }
    }

    /// <summary>
    /// The model failed: its streams end, its start waiters hear why. A process that died (not a start refused before any
    /// process, like a missing file) is started again when the model has <c>auto_restart</c>.
    /// </summary>
    private void Crash(string reason, string kind, bool processDied = false)
    {
        EndStreams(ErrorTypes.ModelCrashed, $"model \"{_model.Id}\" crashed: {reason}");
        _metrics.Crashed(_model.Id.Value, kind);
        EndTraces("crashed", kind);
        var (stated, decision) = processDied ? PlanRestart(reason, kind) : (reason, null);
        SetState(ModelStatus.Crashed, stated, decision: decision);
        FailAll(_startWaiters, new StartFailedException(_model.Id.Value, reason));
        CompleteAll(_stopWaiters, _state);
        if (_retiring)
        {
            CancelRestart();
            DeactivateOnIdle();
        }
    }

    private string LastOutput()
    {
        var lines = _logs.TailSince(_generationFirstLogSequence, _options.ReasonLogLines);
        return lines.Count == 0
            ? "; the server printed nothing"
            : "; last output:\n" + string.Join('\n', lines.Select(l => "  " + l.Text));
    }

    /// <summary>One pending timeout (load, stop escalation) at a time; it fires on the grain's scheduler.</summary>
    private void SetTimer(TimeSpan due, Action tick)
    {
        CancelTimer();
        _timer = this.RegisterGrainTimer(
            () =>
            {
                tick();
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(due, Timeout.InfiniteTimeSpan) { Interleave = true });
    }

    private static TaskCompletionSource<ModelState> Waiter(List<TaskCompletionSource<ModelState>> waiters)
    {
        var reply = new TaskCompletionSource<ModelState>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters.Add(reply);
        return reply;
    }

    private void CancelTimer()
    {
        _timer?.Dispose();
        _timer = null;
    }

    private static void CompleteAll(List<TaskCompletionSource<ModelState>> waiters, ModelState state)
    {
        foreach (var waiter in waiters)
        {
            waiter.TrySetResult(state);
        }

        waiters.Clear();
    }

    private static void FailAll(List<TaskCompletionSource<ModelState>> waiters, Exception error)
    {
        foreach (var waiter in waiters)
        {
            waiter.TrySetException(error);
        }

        waiters.Clear();
    }
}
