using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Memory;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Models;

/// <summary>
/// Room in the budget: every start asks the budget grain first and spawns only once granted; the room is given back when
/// the process is gone. A queued start is <c>Queued</c> with its place. Tickets tell a current request from a withdrawn one.
/// </summary>
public sealed partial class ModelGrain
{
    private MemoryEstimate _memory = null!;
    private long _ticket;
    private bool _askingRoom;
    private bool _roomHeld;
    private RoomAnswer? _earlyNotice;

    private IModelBudgetGrain Budget => GrainFactory.GetGrain<IModelBudgetGrain>(INodeGrain.KeyOf(_silo.SiloAddress));

    /// <summary>Begins a start: takes models.json's definition as it is now, checks what it can, then asks for room.</summary>
    private void RequestRoom()
    {
        if (_registry.TryGet(_model.Id, out var current))
        {
            _model = current; // a changed definition takes effect at its next start
        }

        _yieldReason = null;
        _memory = MemoryEstimate.Of(_model);
        BeginStartTrace();
        if (Preflight() is { } problem)
        {
            Crash(problem, CrashKinds.NotStartable);
            return;
        }

        var ticket = ++_ticket;
        _askingRoom = true;
        _earlyNotice = null;
        _ = AskRoomAsync(ticket, new RoomRequest(_model.Id.Value, ticket, _memory.Mb ?? 0, _model.Policy.Group, _useSequence));
    }

    /// <summary>Started from a turn, so its continuation runs on the grain's scheduler like any handler.</summary>
    private async Task AskRoomAsync(long ticket, RoomRequest request)
    {
        RoomAnswer answer;
        try
        {
            answer = await Budget.RequestAsync(request);
        }
#pragma warning disable CA1031 // Whatever failed, the start must end with a reason rather than wait for ever.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (ticket == _ticket)
            {
                WithdrawRoomRequest(); // it may have been queued or granted before the failure: give it back
                Crash($"could not ask the budget for room: {e.Message}", CrashKinds.BudgetUnavailable);
            }

            return;
        }

        if (ticket != _ticket)
        {
            // Withdrawn while the answer was on its way: Cancel drops a queued request and frees a granted one.
            _ = Budget.CancelAsync(_model.Id.Value, ticket);
            return;
        }

        _askingRoom = false;
        // A grant or denial that overtook the answer it follows.
        var notice = _earlyNotice;
        _earlyNotice = null;
        switch (notice?.Outcome ?? answer.Outcome)
        {
            case RoomOutcome.Granted:
                _roomHeld = true;
                BeginStart();
                break;
            case RoomOutcome.Queued:
                SetState(ModelStatus.Queued, answer.Reason, decision: Decisions.Queued, queuePosition: answer.Position);
                break;
            default:
                Crash((notice ?? answer).Reason!, CrashKinds.NoRoom);
                break;
        }
    }

    /// <inheritdoc />
    public Task GrantedAsync(long ticket)
    {
        if (IsKnown && ticket == _ticket && _askingRoom)
        {
            _earlyNotice = new RoomAnswer(RoomOutcome.Granted);
        }
        else if (IsKnown && ticket == _ticket && _state.Status == ModelStatus.Queued)
        {
            _roomHeld = true;
            BeginStart();
        }
        else
        {
            // Withdrawn, failed or never known here: the room goes back at once.
            _ = Budget.ReleaseAsync(this.GetPrimaryKeyString(), ticket);
            if (!IsKnown)
            {
                DeactivateOnIdle();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeniedAsync(long ticket, string reason)
    {
        if (!IsKnown)
        {
            DeactivateOnIdle();
        }
        else if (ticket == _ticket)
        {
            if (_askingRoom)
            {
                _earlyNotice = new RoomAnswer(RoomOutcome.Denied, reason);
            }
            else if (_state.Status == ModelStatus.Queued)
            {
                _ticket++;
                Crash(reason, CrashKinds.NoRoom);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task QueuedAsync(long ticket, int position, string reason)
    {
        if (ticket == _ticket && IsKnown && _state.Status == ModelStatus.Queued)
        {
            SetState(ModelStatus.Queued, reason, decision: Decisions.Queued, queuePosition: position);
        }

        return Task.CompletedTask;
    }

    /// <summary>The start no longer wants room: the budget drops it from the queue; a late grant is given back.</summary>
    private void WithdrawRoomRequest()
    {
        // Cancel drops the waiter, or frees the room when a grant crossed this withdrawal.
        var ticket = _ticket++;
        _askingRoom = false;
        _earlyNotice = null;
        _ = Budget.CancelAsync(_model.Id.Value, ticket);
    }

    /// <summary>The process is gone (or never came): the room is free for others.</summary>
    private void ReleaseRoom()
    {
        if (_roomHeld)
        {
            _roomHeld = false;
            _reportedBusy = null;
            _ = Budget.ReleaseAsync(_model.Id.Value, _ticket);
        }
    }
}
