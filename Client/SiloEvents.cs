using Orchestrator.Client.Connection;

namespace Orchestrator.Client;

/// <summary>
/// An open stream from the silo (a chat, followed logs, state changes), already accepted: the subscription exists. Enumerate
/// it once; ending the enumeration or <see cref="DisposeAsync"/> unsubscribes (and cancels a chat that has not ended, which
/// frees the model's slot). Cancelling the enumeration does the same.
/// </summary>
/// <typeparam name="T">The typed events of the stream.</typeparam>
public sealed class SiloEvents<T> : IAsyncEnumerable<T>, IAsyncDisposable
{
    private readonly OrchestratorClient? _resubscriber;
    private readonly Func<SiloConnection, bool, CancellationToken, Task<SiloSubscription<T>>> _open;
    private readonly Func<T, bool> _isLast;
    private SiloConnection _connection;
    private SiloSubscription<T> _subscription;
    private int _enumerated;

    internal SiloEvents(
        SiloConnection connection,
        SiloSubscription<T> subscription,
        Func<SiloConnection, bool, CancellationToken, Task<SiloSubscription<T>>> open,
        Func<T, bool>? isLast,
        OrchestratorClient? resubscriber)
    {
        _connection = connection;
        _subscription = subscription;
        _open = open;
        _isLast = isLast ?? (static _ => false);
        _resubscriber = resubscriber;
        EndsWithLastEvent = isLast is not null;
    }

    /// <summary>
    /// True for a stream that ends with a terminal event (a chat's <c>done</c> or <c>error</c>); if the connection ends
    /// before one, the enumeration throws <see cref="SiloUnavailableException"/>.
    /// </summary>
    public bool EndsWithLastEvent { get; }

    /// <inheritdoc />
    public async IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _enumerated, 1) != 0)
        {
            throw new InvalidOperationException("A silo event stream can be enumerated only once.");
        }

        try
        {
            while (true)
            {
                using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _connection.Lost))
                {
                    var items = _subscription.Items.GetAsyncEnumerator(linked.Token);
                    try
                    {
                        while (await MoveNextAsync(items, cancellationToken).ConfigureAwait(false))
                        {
                            yield return items.Current;
                            if (_isLast(items.Current))
                            {
                                yield break;
                            }
                        }
                    }
                    finally
                    {
                        await items.DisposeAsync().ConfigureAwait(false);
                    }
                }

                // The items ended: by themselves (a stream the silo completed), or because the connection was lost.
                if (!_connection.Lost.IsCancellationRequested && !EndsWithLastEvent)
                {
                    yield break;
                }

                if (_resubscriber is null)
                {
                    throw SiloUnavailableException.Lost(_connection.Gateway, null);
                }

                await _subscription.DisposeAsync().ConfigureAwait(false);
                (_connection, _subscription) = await _resubscriber.ResubscribeAsync(_open, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Unsubscribes (cancelling a chat that has not ended).</summary>
    public ValueTask DisposeAsync() => _subscription.DisposeAsync();

    /// <summary>False at the end of the items; the connection's loss ends them too (the caller then looks at the connection).</summary>
    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<T> items, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && _connection.Lost.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && ConnectionErrors.IsLostConnection(e))
        {
            _connection.MarkLost();
            return false;
        }
    }
}
