namespace Orchestrator.Client.Connection;

/// <summary>One subscription on one connection: its items, and how to end it (unsubscribe; cancel a chat).</summary>
internal sealed class SiloSubscription<T>(IAsyncEnumerable<T> items, Func<ValueTask> close) : IAsyncDisposable
{
    private int _closed;

    public IAsyncEnumerable<T> Items => items;

    public static SiloSubscription<T> Of<TSource>(TSource source)
        where TSource : IAsyncEnumerable<T>, IAsyncDisposable =>
        new(source, source.DisposeAsync);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        try
        {
            await close().ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectionErrors.IsLostConnection(e) || e is TimeoutException or OperationCanceledException)
        {
            // The silo is gone, and the subscription (or chat) with it.
        }
    }
}
