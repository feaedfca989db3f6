using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Events;

/// <summary>A state change as the API shows it (<c>GET /v1/events</c>): the model's new state and the status before.</summary>
/// <param name="Id">The model.</param>
/// <param name="Previous">The status before the change.</param>
/// <param name="Status">The status after the change.</param>
/// <param name="Reason">Why: a crash, what a queued start waits for, or the policy's reason.</param>
/// <param name="Port">The server's port while it has one.</param>
/// <param name="Pid">The server's process id while a process exists.</param>
/// <param name="Since">When the change happened.</param>
/// <param name="Decision">The policy decision behind the change (evicted, queued, restarted, idle-stopped, removed), or null.</param>
/// <param name="QueuePosition">While Queued: the place in the start queue, 1 first.</param>
public sealed record ModelEventView(string Id, ModelStatus Previous, ModelStatus Status, string? Reason, int? Port, int? Pid, DateTimeOffset Since, string? Decision, int? QueuePosition)
{
    /// <summary>While Running: since when.</summary>
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>Set only on the event of an answer that ended (status unchanged): its figures.</summary>
    public AnswerStats? Answer { get; init; }

    /// <summary>The view of a grain's event.</summary>
    public static ModelEventView From(ModelStateChanged change) =>
        new(change.State.Id.Value, change.Previous, change.State.Status, change.State.Reason, change.State.Port, change.State.Pid, change.State.Since, change.State.Decision, change.State.QueuePosition)
        {
            RunningSince = change.State.RunningSince,
            Answer = change.Answered ? change.State.LastAnswer : null,
        };
}
