using Orchestrator.Grains.Interfaces.Streaming;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Reads one in-process queue for its pulling agent. Instead of answering "empty" at once (which makes the agent
/// poll on its timer), an empty read waits until a producer writes, the long-poll cap expires, or the agent cancels.
/// </summary>
/// <remarks>
/// Why parking the agent inside GetQueueMessagesAsync is safe (PersistentStreamPullingAgent, Orleans 10.4):
/// the agent is a SystemTarget whose timer ticks run interleaved, so while this await is pending the agent still
/// handles AddSubscriber/RemoveSubscriber calls and runs background stream registrations. Registrations are only
/// started by a read that returned data, and the agent checks for in-flight registrations before calling us, so we
/// are never parked while one is pending. Shutdown disposes the agent timer, which cancels the token we wait on,
/// before it awaits the active pump.
/// </remarks>
internal sealed class InSiloQueueAdapterReceiver : IQueueAdapterReceiver
{
    private static readonly IList<IBatchContainer> Empty = Array.Empty<IBatchContainer>();

    private readonly InSiloQueue _queue;
    private readonly TimeSpan _longPollTimeout;
    private volatile bool _isShutDown;

    public InSiloQueueAdapterReceiver(InSiloQueue queue, TimeSpan longPollTimeout)
    {
        _queue = queue;
        _longPollTimeout = longPollTimeout;
    }

    public Task Initialize(TimeSpan timeout) => Task.CompletedTask;

    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount) => GetQueueMessagesAsync(maxCount, CancellationToken.None);

    public async Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount, CancellationToken cancellationToken)
    {
        if (_isShutDown)
        {
            return Empty;
        }

        var reader = _queue.Reader;
        if (!reader.TryPeek(out _))
        {
            // The agent's token is its timer's token, which agent shutdown cancels before awaiting the pump, so it
            // is all we need to wake for shutdown. Returning empty on cancellation (rather than throwing) keeps the
            // agent's retry loop from logging errors.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(_longPollTimeout);
            try
            {
                // Resume on the agent's scheduler, like the rest of the agent's read path.
                if (!await reader.WaitToReadAsync(wait.Token).ConfigureAwait(true))
                {
                    return Empty;
                }
            }
            catch (OperationCanceledException)
            {
                return Empty;
            }
        }

        // The agent passes the cache's free room; UNLIMITED_GET_QUEUE_MSG (-1) means no limit.
        var limit = maxCount <= 0 ? int.MaxValue : maxCount;
        List<IBatchContainer>? batches = null;
        while (batches is null || batches.Count < limit)
        {
            if (!reader.TryRead(out var entry))
            {
                break;
            }

            batches ??= [];
            // Consecutive events of one stream travel as one batch: the agent delivers a batch with one call to the
            // subscriber, so a stream that outruns its delivery (tokens flat out) pays that call once per batch, not per
            // token. The order within and across batches is the queue's.
            if (batches.Count > 0 && batches[^1] is InSiloBatchContainer last && last.StreamId == entry.StreamId
                && last.RequestContext is null && entry.RequestContext is null)
            {
                last.Events.AddRange(entry.Events);
                continue;
            }

            batches.Add(new InSiloBatchContainer(entry.StreamId, entry.Events, entry.RequestContext, new EventSequenceTokenV2(_queue.TakeSequenceNumber())));
        }

        return batches ?? Empty;
    }

    // Nothing to acknowledge: once the agent purged a batch from its cache it is gone.
    [Obsolete("Use the overload which accepts a CancellationToken.")]
    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages) => Task.CompletedTask;

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task Shutdown(TimeSpan timeout)
    {
        // Items still queued are kept: if the queue is handed to a new agent in this process it continues from them.
        _isShutDown = true;
        return Task.CompletedTask;
    }
}
