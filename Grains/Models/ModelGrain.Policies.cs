using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The lifecycle policies this grain carries out itself: the idle timeout (<c>ttl</c>), stops asked by the budget (an
/// eviction, its group), retirement after models.json dropped the model, and restarts after a crash. A policy never stops
/// a model with a chat in flight or opening: every decision is taken in a turn, so a chat that came first wins.
/// </summary>
public sealed partial class ModelGrain
{
    private int _chatsOpening;
    private DateTimeOffset? _idleSince;
    private bool? _reportedBusy; // null: nothing reported since the room was granted
    private long _useSequence;
    private IGrainTimer? _idleTimer;
    private string? _yieldReason;
    private bool _retiring;
    private string? _stopDecision;
    private string? _stopReason;
    private string? _startDecision;
    private string? _startReason;
    private readonly List<DateTimeOffset> _restarts = [];
    private IGrainTimer? _restartTimer;

    private bool Busy => _streams.Count > 0 || _chatsOpening > 0;

    /// <summary>The process is being killed (unresponsive, load timeout): its exit is a crash, not a policy's stop.</summary>
    private bool Dying => _pendingCrash is not null;

    /// <inheritdoc />
    public Task<bool> EvictAsync(string reason)
    {
        if (!IsKnown)
        {
            DeactivateOnIdle();
            return Task.FromResult(false);
        }

        if (_state.Status != ModelStatus.Running || Busy || Dying)
        {
            return Task.FromResult(false);
        }

        PolicyStop(Decisions.Evicted, reason);
        return Task.FromResult(true);
    }

    /// <inheritdoc />
    public Task StopWhenIdleAsync(string reason)
    {
        if (IsKnown && _state.Status is ModelStatus.Running or ModelStatus.Starting)
        {
            _yieldReason = reason;
            UpdateUse();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RetireAsync()
    {
        if (!IsKnown)
        {
            DeactivateOnIdle(); // activated only by this call: nothing to stop
            return Task.CompletedTask;
        }

        if (_registry.TryGet(_model.Id, out _))
        {
            return Task.CompletedTask; // listed again since the reload that removed it
        }

        _retiring = true;
        switch (_state.Status)
        {
            case ModelStatus.Running:
                UpdateUse(); // stops now when idle, else when the last chat ends
                break;
            case ModelStatus.Starting when _chatsOpening > 0:
                break; // a chat waits for this start: it runs, then the model stops once idle
            case ModelStatus.Starting or ModelStatus.Stopping:
                _ = StopAsync(); // nothing is answered yet: a start in progress ends now
                break;
            default:
                _ = StopAsync();
                DeactivateOnIdle();
                break;
        }

        return Task.CompletedTask;
    }

    /// <summary>Stops an idle Running model for a policy; the stop's reason stays on the Stopped state.</summary>
    private void PolicyStop(string decision, string reason)
    {
        (_stopDecision, _stopReason) = (decision, reason);
        _yieldReason = null;
        SetState(ModelStatus.Stopping, reason, _state.Port, _state.Pid, decision);
        Terminate(streamsInFlight: 0);
    }

    /// <summary>
    /// After every change of state or chats: keeps the idle time, tells the budget when the model turns busy or idle (for
    /// its least-recently-used choice), and carries out what waits for idleness (a group's or a removal's stop, the ttl).
    /// </summary>
    private void UpdateUse()
    {
        var running = _state.Status == ModelStatus.Running;
        var idle = running && !Busy;
        _idleSince = idle ? _idleSince ?? _time.GetUtcNow() : null;
        // Reported when Running first (an eviction refused while it was starting marked it busy) and on every change.
        if (_roomHeld && running && Busy != _reportedBusy)
        {
            _reportedBusy = Busy;
            _ = Budget.ReportUseAsync(_model.Id.Value, ++_useSequence, Busy, _time.GetUtcNow());
        }

        if (idle && _retiring && !Dying && !_registry.TryGet(_model.Id, out _))
        {
            PolicyStop(Decisions.Removed, "removed from models.json");
            return;
        }

        if (idle && !Dying && _yieldReason is { } yieldReason)
        {
            PolicyStop(Decisions.Evicted, yieldReason);
            return;
        }

        ArmIdleTimer(idle);
    }

    private void ArmIdleTimer(bool idle)
    {
        if (!idle || _model.Policy.Ttl is not { } ttl)
        {
            _idleTimer?.Dispose();
            _idleTimer = null;
            return;
        }

        if (_idleTimer is null)
        {
            var due = ttl - (_time.GetUtcNow() - _idleSince!.Value);
            _idleTimer = this.RegisterGrainTimer(
                () =>
                {
                    OnIdleTimer();
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(TimerDue.Clamp(due), Timeout.InfiniteTimeSpan) { Interleave = true });
        }
    }

    private void OnIdleTimer()
    {
        _idleTimer?.Dispose();
        _idleTimer = null;
        if (_state.Status == ModelStatus.Running && !Busy && !Dying && _model.Policy.Ttl is { } ttl && _idleSince is { } since)
        {
            if (_time.GetUtcNow() - since >= ttl)
            {
                PolicyStop(Decisions.IdleStopped, $"no chat for {ttl.TotalSeconds:0.###} s (ttl {ttl.TotalSeconds:0.###})");
                return;
            }

            ArmIdleTimer(idle: true); // fired early by the clock's grain: wait for the rest
        }
    }

    /// <summary>
    /// After a process died: with <c>auto_restart</c>, schedules the next start (backoff doubling from
    /// Orchestrator:RestartBackoff) unless Orchestrator:MaxRestarts were used within the window; says which in the reason.
    /// </summary>
    private (string Reason, string? Decision) PlanRestart(string crash, string kind)
    {
        if (!_model.Policy.AutoRestart || _retiring)
        {
            return (crash, null);
        }

        var now = _time.GetUtcNow();
        _restarts.RemoveAll(at => now - at > _options.RestartWindow);
        if (_restarts.Count >= _options.MaxRestarts)
        {
            return ($"{crash}\ngave up after {_restarts.Count} restarts within {_options.RestartWindow} (auto_restart)", Decisions.Restarted);
        }

        var attempt = _restarts.Count + 1;
        var delay = TimerDue.Clamp(TimeSpan.FromTicks((long)Math.Min(_options.RestartBackoff.Ticks * Math.Pow(2, _restarts.Count), TimeSpan.MaxValue.Ticks / 2)));
        _restarts.Add(now);
        var firstLine = crash.Split('\n')[0];
        var output = firstLine.IndexOf("; last output", StringComparison.Ordinal);
        firstLine = output > 0 ? firstLine[..output] : firstLine; // what happened, without the lines that follow
        _restartTimer?.Dispose();
        _restartTimer = this.RegisterGrainTimer(
            () =>
            {
                OnRestartDue(attempt, firstLine, kind);
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(delay, Timeout.InfiniteTimeSpan) { Interleave = true });
        return ($"{crash}\nrestarting in {delay.TotalSeconds:0.###} s (restart {attempt} of {_options.MaxRestarts}, auto_restart)", null);
    }

    private void OnRestartDue(int attempt, string crash, string kind)
    {
        CancelRestart();
        if (_state.Status != ModelStatus.Crashed || _askingRoom)
        {
            return; // a user started or stopped it meanwhile
        }

        _metrics.Restarted(_model.Id.Value, kind);
        (_startDecision, _startReason) = (Decisions.Restarted, $"restart {attempt} of {_options.MaxRestarts} after: {crash}");
        RequestRoom();
    }

    private void CancelRestart()
    {
        _restartTimer?.Dispose();
        _restartTimer = null;
    }
}
