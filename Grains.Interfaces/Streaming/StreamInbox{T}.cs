using System.Threading.Channels;
using Orleans.Streams;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>
/// An Orleans stream subscription read as an <see cref="IAsyncEnumerable{T}"/>. Subscribe first, then ask for what will be
/// published (open the chat, read the log tail): nothing published after <see cref="SubscribeAsync"/> returns is missed.
/// Disposing unsubscribes. Made by <see cref="StreamInbox"/>'s SubscribeAsync.
/// </summary>
public sealed class StreamInbox<T> : IAsyncDisposable
{
    private readonly Channel<T> _items;
    private StreamSubscriptionHandle<T>? _handle;

    internal StreamInbox(int? capacity)
    {
        _items = capacity is { } bounded
            // A reader that falls this far behind loses the oldest items rather than growing the silo's memory.
            ? Channel.CreateBounded<T>(new BoundedChannelOptions(bounded) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true })
            : Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true });
    }

    /// <summary>The items as they arrive, read one at a time by a single reader.</summary>
    internal ChannelReader<T> Reader => _items.Reader;

    /// <summary>The items as they arrive, until the stream completes, fails or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) => _items.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Unsubscribes; the reader sees the end of the items.</summary>
    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        if (Interlocked.Exchange(ref _handle, null) is { } handle)
        {
            try
            {
                await handle.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or OrleansException)
            {
                // The silo is going away; its subscriptions go with it.
            }
        }
    }

    internal async Task SubscribeAsync(IAsyncStream<T> stream, StreamSequenceToken from) =>
        _handle = await stream.SubscribeAsync(OnNextAsync, OnErrorAsync, OnCompletedAsync, from).ConfigureAwait(false);

    private Task OnNextAsync(T item, StreamSequenceToken? token)
    {
        _items.Writer.TryWrite(item);
        return Task.CompletedTask;
    }

    private Task OnErrorAsync(Exception error)
    {
        _items.Writer.TryComplete(error);
        return Task.CompletedTask;
    }

    private Task OnCompletedAsync()
    {
        _items.Writer.TryComplete();
        return Task.CompletedTask;
    }
}
