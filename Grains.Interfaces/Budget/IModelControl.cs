using Orleans.Concurrency;

namespace Orchestrator.Grains.Interfaces.Budget;

/// <summary>
/// What the orchestrator itself asks of a model grain (the same activation as its <see cref="IModelGrain"/>): the budget
/// grain tells it the fate of a queued start and asks it to make room; the registry watcher tells it that models.json no
/// longer lists it. Tickets name a start's request, so an answer to a start that was since cancelled is ignored.
/// </summary>
[Alias("orch.IModelControl")]
public interface IModelControl : IGrainWithStringKey
{
    /// <summary>The queued start <paramref name="ticket"/> has room now: it starts.</summary>
    [Alias("Granted"), OneWay]
    Task GrantedAsync(long ticket);

    /// <summary>The queued start <paramref name="ticket"/> failed: <paramref name="reason"/> (a queue timeout).</summary>
    [Alias("Denied"), OneWay]
    Task DeniedAsync(long ticket, string reason);

    /// <summary>The queued start <paramref name="ticket"/> moved to <paramref name="position"/>, waiting for <paramref name="reason"/>.</summary>
    [Alias("Queued"), OneWay]
    Task QueuedAsync(long ticket, int position, string reason);

    /// <summary>
    /// Stop to make room, for <paramref name="reason"/>. Refused (false) unless the model is Running with no chat in flight
    /// or opening: a policy never cuts an answer.
    /// </summary>
    [Alias("Evict")]
    Task<bool> EvictAsync(string reason);

    /// <summary>Another model of the group started: stop once no chat is in flight (at once when idle).</summary>
    [Alias("StopWhenIdle"), OneWay]
    Task StopWhenIdleAsync(string reason);

    /// <summary>models.json no longer lists the model: stop once its chats have ended, then let the activation go.</summary>
    [Alias("Retire")]
    Task RetireAsync();
}
