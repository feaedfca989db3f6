using Orleans.Concurrency;

namespace Orchestrator.Grains.Interfaces.Budget;

/// <summary>
/// The one owner of a node's memory budget, the count of running models and the start queue (one per silo, keyed like its <see cref="Cluster.INodeGrain"/>). Model grains
/// ask it for room before they spawn a server and give the room back once the process is gone; it answers at once, queues
/// what does not fit (first come, first served) and evicts idle models, least recently used first, by asking their grains.
/// </summary>
[Alias("orch.IModelBudgetGrain")]
public interface IModelBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Asks for room for a start. Answers at once: granted, queued (the grant or a denial follows through
    /// <see cref="IModelControl"/>) or denied. A new request of a model replaces what it held or waited for.
    /// </summary>
    [Alias("Request")]
    Task<RoomAnswer> RequestAsync(RoomRequest request);

    /// <summary>The model's start no longer waits (it was stopped while queued).</summary>
    [Alias("Cancel"), OneWay]
    Task CancelAsync(string modelId, long ticket);

    /// <summary>The model's process is gone: its room is free.</summary>
    [Alias("Release"), OneWay]
    Task ReleaseAsync(string modelId, long ticket);

    /// <summary>
    /// The model's chats: busy (a chat in flight) or idle since <paramref name="lastUsed"/>. Reports may overtake each
    /// other; the one with the higher <paramref name="sequence"/> wins.
    /// </summary>
    [Alias("ReportUse"), OneWay]
    Task ReportUseAsync(string modelId, long sequence, bool busy, DateTimeOffset lastUsed);

    /// <summary>The budget, what holds it and what waits. Answered between the steps of a decision (placement asks it).</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<BudgetView> GetAsync();
}
