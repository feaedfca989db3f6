using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Budget;

/// <summary>
/// The one owner of the memory budget, the running-model count and the start queue. Not reentrant: one decision at a time.
/// Its turns wait only on model grains answering an eviction (they are reentrant and answer at once); everything else it
/// tells them is one-way, so no call cycle can wedge it.
/// </summary>
[Cluster.NodePlacement] // each silo's budget is its own machine's memory, next to the processes it counts
[KeepAlive] // its books are the only record of who holds room: collecting it for being idle would lose them
public sealed partial class ModelBudgetGrain : Grain, IModelBudgetGrain
{
    private readonly ModelGrainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OrchestratorMetrics _metrics;
    private readonly RoomLedger _ledger;
    private readonly Dictionary<string, (int Position, string Reason)> _told = new(StringComparer.Ordinal);
    private IGrainTimer? _deadlineTimer;

    public ModelBudgetGrain(ModelGrainOptions options, TimeProvider time, OrchestratorMetrics metrics, ILogger<ModelBudgetGrain> logger)
    {
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _ledger = new RoomLedger(options.MemoryBudgetMb, options.MaxRunningModels);
    }

    /// <inheritdoc />
    public async Task<RoomAnswer> RequestAsync(RoomRequest request)
    {
        _ledger.Forget(request.ModelId);
        _told.Remove(request.ModelId);
        if (!_ledger.CouldEverFit(request.MemoryMb))
        {
            var reason = $"needs {request.MemoryMb} MB, more than the whole memory budget of {_ledger.MemoryBudgetMb} MB (Orchestrator:MemoryBudgetMb); raise the budget or lower the model's memory_mb";
            LogDenied(request.ModelId, reason);
            _metrics.Books(_ledger.MemoryInUseMb, _ledger.Queue.Count); // Forget may have freed what it held
            return new RoomAnswer(RoomOutcome.Denied, reason);
        }

        var now = _time.GetUtcNow();
        var waiter = new Waiter(request.ModelId, request.Ticket, request.MemoryMb, request.Group, request.UseSequence, now, now + _options.StartQueueTimeout);
        _ledger.Enqueue(waiter);
        await ServeAsync(answering: waiter);
        var position = _ledger.PositionOf(waiter);
        if (position < 0)
        {
            return new RoomAnswer(RoomOutcome.Granted);
        }

        var why = _ledger.WaitReason(waiter);
        _told[waiter.ModelId] = (position + 1, why);
        LogQueued(waiter.ModelId, position + 1, why);
        return new RoomAnswer(RoomOutcome.Queued, why, position + 1);
    }

    /// <inheritdoc />
    public Task CancelAsync(string modelId, long ticket) =>
        _ledger.Cancel(modelId, ticket) ? ServeAsync(answering: null) : Task.CompletedTask;

    /// <inheritdoc />
    public Task ReleaseAsync(string modelId, long ticket) =>
        _ledger.Release(modelId, ticket) ? ServeAsync(answering: null) : Task.CompletedTask;

    /// <inheritdoc />
    public Task ReportUseAsync(string modelId, long sequence, bool busy, DateTimeOffset lastUsed) =>
        _ledger.ReportUse(modelId, sequence, busy, lastUsed) && !busy && _ledger.Queue.Count > 0
            ? ServeAsync(answering: null)
            : Task.CompletedTask;

    /// <inheritdoc />
    public Task<BudgetView> GetAsync() => Task.FromResult(new BudgetView(
        _ledger.MemoryBudgetMb, _ledger.MemoryInUseMb, _ledger.MaxRunningModels, _ledger.Running, _ledger.Queue.Select(w => w.ModelId).ToArray()));

    /// <summary>
    /// Grants what fits from the head of the queue, in order; for a head that does not fit, evicts idle models (least
    /// recently used first) until it will once they are gone. A refusal (a chat came first) marks that model busy and
    /// the choice is made again. Then every waiter hears its new place and the queue timeout is re-armed.
    /// </summary>
    private async Task ServeAsync(Waiter? answering)
    {
        while (true)
        {
            while (_ledger.GrantHead(_time.GetUtcNow()) is { } granted)
            {
                _told.Remove(granted.ModelId);
                _metrics.QueueWaited(granted.ModelId, _time.GetUtcNow() - granted.Since, "granted");
                YieldGroup(granted);
                if (granted != answering)
                {
                    LogGranted(granted.ModelId, (_time.GetUtcNow() - granted.Since).TotalMilliseconds);
                    Tell(granted.ModelId, room => room.GrantedAsync(granted.Ticket));
                }
            }

            var victims = _ledger.VictimsForHead();
            if (victims.Count == 0)
            {
                break;
            }

            var head = _ledger.Queue[0];
            var reason = EvictionReason(head);
            foreach (var victim in victims)
            {
                if (await AskToEvictAsync(victim.ModelId, reason))
                {
                    _ledger.MarkLeaving(victim.ModelId);
                    LogEvicted(victim.ModelId, reason);
                }
                else
                {
                    _ledger.MarkBusy(victim.ModelId);
                }
            }
        }

        TellPositions(answering);
        ArmDeadline();
        _metrics.Books(_ledger.MemoryInUseMb, _ledger.Queue.Count);
    }

    private string EvictionReason(Waiter head)
    {
        var budget = _ledger.MemoryBudgetMb > 0 ? $"{_ledger.MemoryInUseMb} of {_ledger.MemoryBudgetMb} MB in use" : null;
        var count = _ledger.MaxRunningModels > 0 ? $"{_ledger.Running} of {_ledger.MaxRunningModels} models running" : null;
        var why = string.Join(", ", new[] { budget, count }.Where(s => s is not null));
        return $"idle, least recently used: stopped to make room for \"{head.ModelId}\" (needs {head.MemoryMb} MB; {why})";
    }

    private async Task<bool> AskToEvictAsync(string modelId, string reason)
    {
        try
        {
            return await GrainFactory.GetGrain<IModelControl>(modelId).EvictAsync(reason);
        }
#pragma warning disable CA1031 // A model that cannot answer is not evicted; the next decision asks again.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogCallFailed(modelId, "evict", e);
            return false;
        }
    }

    /// <summary>A start of a group got room: the group's other models (running or starting) stop once idle.</summary>
    private void YieldGroup(Waiter granted)
    {
        if (granted.Group is not { } group)
        {
            return;
        }

        foreach (var peer in _ledger.Holdings.Where(h => h.Group == group && h.ModelId != granted.ModelId && !h.Leaving).ToList())
        {
            var reason = $"group \"{group}\": \"{granted.ModelId}\" started, and one model of a group runs at a time";
            Tell(peer.ModelId, room => room.StopWhenIdleAsync(reason));
        }
    }

    private void TellPositions(Waiter? answering)
    {
        for (var i = 0; i < _ledger.Queue.Count; i++)
        {
            var waiter = _ledger.Queue[i];
            var now = (i + 1, _ledger.WaitReason(waiter));
            if (waiter == answering || (_told.TryGetValue(waiter.ModelId, out var told) && told == now))
            {
                continue;
            }

            _told[waiter.ModelId] = now;
            Tell(waiter.ModelId, room => room.QueuedAsync(waiter.Ticket, now.Item1, now.Item2));
        }
    }

    /// <summary>One timer, due at the earliest deadline of the queue.</summary>
    private void ArmDeadline()
    {
        _deadlineTimer?.Dispose();
        _deadlineTimer = null;
        if (_ledger.Queue.Count == 0)
        {
            return;
        }

        var due = _ledger.Queue.Min(w => w.Deadline) - _time.GetUtcNow();
        _deadlineTimer = this.RegisterGrainTimer(OnDeadlineAsync, new GrainTimerCreationOptions(TimerDue.Clamp(due), Timeout.InfiniteTimeSpan));
    }

    private Task OnDeadlineAsync()
    {
        var now = _time.GetUtcNow();
        var reasons = _ledger.Queue.ToDictionary(w => w, _ledger.WaitReason);
        foreach (var expired in _ledger.TakeExpired(now))
        {
            _told.Remove(expired.ModelId);
            _metrics.QueueWaited(expired.ModelId, now - expired.Since, "timed_out");
            var limit = _ledger.MemoryBudgetMb > 0 ? $"{_ledger.MemoryBudgetMb} MB" : $"{_ledger.MaxRunningModels} running models";
            var reason = $"did not fit in {limit} within {_options.StartQueueTimeout} (Orchestrator:StartQueueTimeout): {reasons[expired]}";
            LogDenied(expired.ModelId, reason);
            Tell(expired.ModelId, room => room.DeniedAsync(expired.Ticket, reason));
        }

        return ServeAsync(answering: null);
    }

    /// <summary>A one-way call: the budget never waits on a model's turn except to ask for an eviction.</summary>
    private void Tell(string modelId, Func<IModelControl, Task> call) =>
        TaskFaults.Log(call(GrainFactory.GetGrain<IModelControl>(modelId)), (Budget: this, modelId), static (s, error) => s.Budget.LogCallFailed(s.modelId, "notify", error));

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Budget: {ModelId} queued at {Position}: {Reason}")]
    private partial void LogQueued(string modelId, int position, string reason);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Budget: {ModelId} got room after {WaitedMs:F0} ms in the queue")]
    private partial void LogGranted(string modelId, double waitedMs);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Budget: {ModelId} evicted: {Reason}")]
    private partial void LogEvicted(string modelId, string reason);

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "Budget: {ModelId} cannot start: {Reason}")]
    private partial void LogDenied(string modelId, string reason);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Budget: calling {ModelId} ({Call}) failed")]
    private partial void LogCallFailed(string modelId, string call, Exception error);
}
