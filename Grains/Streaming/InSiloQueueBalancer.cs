using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Gives every silo an agent for every queue. Queues are process-local, so the usual balancers (which hand each
/// queue to one silo) would leave events published on the other silos unread. With this balancer each silo's
/// agent registers as one more producer of the stream in pub-sub, and subscribers receive from all of them.
/// </summary>
internal sealed class InSiloQueueBalancer : IStreamQueueBalancer
{
    private IStreamQueueMapper? _mapper;

    public Task Initialize(IStreamQueueMapper queueMapper)
    {
        _mapper = queueMapper;
        return Task.CompletedTask;
    }

    public Task Shutdown() => Task.CompletedTask;

    public IEnumerable<QueueId> GetMyQueues() => _mapper?.GetAllQueues() ?? [];

    // The assignment never changes, so there is nothing to notify.
    public bool SubscribeToQueueDistributionChangeEvents(IStreamQueueBalanceListener observer) => true;

    public bool UnSubscribeFromQueueDistributionChangeEvents(IStreamQueueBalanceListener observer) => true;
}
