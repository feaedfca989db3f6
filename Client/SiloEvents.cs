using System.Net.ServerSentEvents;

namespace Orchestrator.Client;

/// <summary>
/// An open Server-Sent Events stream from the silo (a chat, followed logs, state changes), already accepted: the
/// response headers have arrived. Enumerate it once; the enumeration (or <see cref="DisposeAsync"/>) closes the connection,
/// which the silo sees at once (a chat's model then frees its slot). Cancelling the enumeration closes it too.
/// </summary>
/// <typeparam name="T">The typed events of the stream.</typeparam>
public sealed class SiloEvents<T> : IAsyncEnumerable<T>, IAsyncDisposable
    where T : class
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _body;
    private readonly SseItemParser<T?> _parse;
    private readonly Func<T, bool> _isLast;
    private readonly Uri _url;
    private int _enumerated;

    internal SiloEvents(HttpResponseMessage response, Stream body, Uri url, SseItemParser<T?> parse, Func<T, bool>? isLast)
    {
        _response = response;
        _body = body;
        _url = url;
        _parse = parse;
        _isLast = isLast ?? (static _ => false);
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
            // SseParser buffers partial reads and lines, and skips keep-alive comments; unknown event names parse to null.
            await using var items = SseParser.Create(_body, _parse).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await MoveNextAsync(items, cancellationToken))
            {
                if (items.Current.Data is not { } item)
                {
                    continue;
                }

                // Events the parser had already buffered must not outlive a cancellation.
                cancellationToken.ThrowIfCancellationRequested();

                yield return item;
                if (_isLast(item))
                {
                    yield break;
                }
            }

            if (EndsWithLastEvent)
            {
                throw SiloUnavailableException.StreamBroken(_url, null);
            }
        }
        finally
        {
            await DisposeAsync();
        }
    }

    /// <summary>Closes the connection.</summary>
    public ValueTask DisposeAsync()
    {
        _response.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<SseItem<T?>> items, CancellationToken cancellationToken)
    {
        try
        {
            return await items.MoveNextAsync();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // A read cancelled by the caller may surface as an aborted connection: report the cancellation, not a failure.
            cancellationToken.ThrowIfCancellationRequested();
            throw SiloUnavailableException.StreamBroken(_url, e);
        }
    }
}
