using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orchestrator.Grains.Interfaces.Events;

namespace Orchestrator.Grains.Events;

/// <summary>
/// Fans every model's state changes out to subscribers. The subscriber list is an immutable array swapped
/// atomically (copy on write), so publishers never wait on each other or on a slow subscriber.
/// </summary>
internal sealed class ModelEventHub
{
    /// <summary>A subscriber that falls this far behind loses its oldest events rather than growing the silo's memory.</summary>
    public const int SubscriberBacklog = 4096;

    private ImmutableArray<Channel<ModelStateChanged>> _subscribers = [];

    public void Publish(ModelStateChanged change)
    {
        // ImmutableArray is a struct over one reference: reading it is atomic, and every update swaps in a new array.
        foreach (var subscriber in _subscribers)
        {
            subscriber.Writer.TryWrite(change);
        }
    }

    public async IAsyncEnumerable<ModelStateChanged> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<ModelStateChanged>(new BoundedChannelOptions(SubscriberBacklog)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        ImmutableInterlocked.Update(ref _subscribers, static (list, c) => list.Add(c), channel);
        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            ImmutableInterlocked.Update(ref _subscribers, static (list, c) => list.Remove(c), channel);
        }
    }
}
