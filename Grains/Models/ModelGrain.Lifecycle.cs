using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Models;

/// <summary>Start, readiness, exit and stop: the model's life as message handlers. Only the mailbox loop runs these.</summary>
public sealed partial class ModelGrain
{
    private ModelState _state;
    private long _generation;
    private ChildProcess? _child;
    private string? _binary;
    private bool _killOnSpawn;
    private string? _pendingCrashReason;
    private ITimer? _timer;
    private readonly List<TaskCompletionSource<ModelState>> _startWaiters = [];
    private readonly List<TaskCompletionSource<ModelState>> _stopWaiters = [];

    private void OnStart(Start message)
    {
        if (_state.Status == ModelStatus.Running)
        {
            message.Reply.TrySetResult(_state);
            return;
        }

        // Starting: join the start in progress. Stopping: start again once the old process is gone.
        _startWaiters.Add(message.Reply);
        if (_state.Status is ModelStatus.Stopped or ModelStatus.Crashed)
        {
            BeginStart();
        }
    }

    private void BeginStart()
    {
        var (binary, error) = BinaryResolver.Resolve(_options.LlamaServerPath);
        if (binary is null)
        {
            Crash(error!);
            return;
        }

        if (!File.Exists(_model.ModelFilePath))
        {
            Crash($"model file not found: {_model.ModelFilePath} (the model_file_path of \"{_model.Id}\" in models.json): download the model or fix the path");
            return;
        }

        var generation = ++_generation;
        _binary = BinaryResolver.Canonical(binary);
        _killOnSpawn = false;
        _pendingCrashReason = null;
        _generationFirstLogSequence = _logSequence + 1;
        SetState(ModelStatus.Starting, port: _model.Port);
        SetTimer(_options.LoadTimeout, new LoadTimedOut(generation));
        _ = SpawnAsync(generation, LlamaServerCommand.Build(binary, _model, _options.ServerHost));
    }

    private async Task SpawnAsync(long generation, System.Diagnostics.ProcessStartInfo startInfo)
    {
        try
        {
            await ChildProcess.StartAsync(
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
                exitCode => Post(new Exited(generation, exitCode))).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Every launch failure becomes the model's crash reason.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Post(new SpawnFailed(generation, $"could not start {startInfo.FileName}: {e.Message}"));
        }
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

        SetState(_state.Status, _state.Reason, _state.Port, _child.Pid);
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
            Crash(message.Reason);
        }
    }

    private void OnReady(int port)
    {
        CancelTimer();
        SetState(ModelStatus.Running, port: port, pid: _child?.Pid);
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
                Crash(_pendingCrashReason ?? $"{exit} while loading the model{LastOutput()}");
                break;
            case ModelStatus.Running:
                Crash(_pendingCrashReason ?? $"{exit} while running{LastOutput()}");
                break;
            default:
                BecomeStopped();
                break;
        }
    }

    private void OnLoadTimedOut(LoadTimedOut message)
    {
        if (message.Generation != _generation || _state.Status != ModelStatus.Starting)
        {
            return;
        }

        // Crashed is set when the exit arrives, so a Crashed model never has a process left.
        _pendingCrashReason = $"not ready within the load timeout of {_options.LoadTimeout} (Orchestrator:LoadTimeout); the server was killed{LastOutput()}";
        KillChild();
    }

    private void OnStop(Stop message)
    {
        switch (_state.Status)
        {
            case ModelStatus.Stopped:
                message.Reply.TrySetResult(_state);
                return;
            case ModelStatus.Crashed:
                SetState(ModelStatus.Stopped); // acknowledges the crash; there is no process to stop
                message.Reply.TrySetResult(_state);
                return;
            case ModelStatus.Stopping:
                _stopWaiters.Add(message.Reply);
                return;
            case ModelStatus.Starting:
                _stopWaiters.Add(message.Reply);
                FailAll(_startWaiters, new StartFailedException(_model.Id.Value, "stopped while loading: a stop was requested before the server was ready"));
                CancelTimer();
                SetState(ModelStatus.Stopping, port: _state.Port, pid: _state.Pid);
                // While loading llama-server has no SIGTERM handler yet: a kill is what a SIGTERM would do anyway.
                KillChild();
                return;
            default:
                _stopWaiters.Add(message.Reply);
                var streamsInFlight = EndStreams(ErrorTypes.ModelStopped, $"model \"{_model.Id}\" was stopped");
                SetState(ModelStatus.Stopping, port: _state.Port, pid: _state.Pid);
                _child!.Terminate();
                // With requests in flight the first SIGTERM is ignored until llama-server's 1 s poll sees the closed
                // clients; a second SIGTERM ends it at once. Idle, the first one exits within milliseconds.
                SetTimer(
                    streamsInFlight > 0 ? _options.InFlightStopGrace : _options.StopTimeout,
                    new EscalateStop(_generation, Kill: streamsInFlight == 0));
                return;
        }
    }

    private void OnEscalateStop(EscalateStop message)
    {
        if (message.Generation != _generation || _state.Status != ModelStatus.Stopping || _child is null)
        {
            return;
        }

        if (message.Kill)
        {
            LogKilledAfterTimeout(_model.Id.Value, _child.Pid);
            _child.KillTree();
        }
        else
        {
            _child.Terminate();
            SetTimer(_options.StopTimeout, new EscalateStop(_generation, Kill: true));
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
        SetState(ModelStatus.Stopped);
        CompleteAll(_stopWaiters, _state);
        if (_startWaiters.Count > 0)
        {
            BeginStart(); // a start arrived while stopping
        }
    }

    private void Crash(string reason)
    {
        EndStreams(ErrorTypes.ModelCrashed, $"model \"{_model.Id}\" crashed: {reason}");
        SetState(ModelStatus.Crashed, reason);
        FailAll(_startWaiters, new StartFailedException(_model.Id.Value, reason));
        CompleteAll(_stopWaiters, _state);
    }

    private string LastOutput()
    {
        var lines = _logs.TailSince(_generationFirstLogSequence, _options.ReasonLogLines);
        return lines.Count == 0
            ? "; the server printed nothing"
            : "; last output:\n" + string.Join('\n', lines.Select(l => "  " + l.Text));
    }

    private void SetTimer(TimeSpan due, Message tick)
    {
        CancelTimer();
        _timer = _time.CreateTimer(_ => Post(tick), null, due, Timeout.InfiniteTimeSpan);
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
