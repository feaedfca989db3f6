using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Silo.Api;

/// <summary>
/// A small Server-Sent Events writer. Unlike <c>TypedResults.ServerSentEvents</c> it sends the headers at once (a long
/// prompt evaluation must not look like a dead connection) and can write keep-alive comments.
/// </summary>
internal sealed class SseWriter(HttpResponse response)
{
    /// <summary>
    /// A follower of events or log lines that falls this far behind loses its oldest items rather than growing the silo's
    /// memory (chats never drop anything).
    /// </summary>
    public const int SubscriberBacklog = 4096;

    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // proxies must not hold events back
        await response.StartAsync(cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task WriteAsync<T>(string eventName, T data, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        // JSON never contains a raw newline, so one data: line is a whole event.
        var bytes = Encoding.UTF8.GetBytes($"event: {eventName}\ndata: {JsonSerializer.Serialize(data, typeInfo)}\n\n");
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(KeepAlive, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// Sends the headers, then writes every item of <paramref name="items"/> as it arrives, with a keep-alive comment whenever
    /// <paramref name="keepAlive"/> passes without one. Returns when the items end or the client leaves.
    /// </summary>
    public async Task PumpAsync<T>(IAsyncEnumerable<T> items, TimeSpan keepAlive, Func<T, Task> write, CancellationToken cancellationToken)
    {
        var enumerator = items.GetAsyncEnumerator(cancellationToken);
        // Asked before the headers go out, so a subscription exists by the time the client sees the response.
        var next = enumerator.MoveNextAsync().AsTask();
        try
        {
            await StartAsync(cancellationToken);
            while (true)
            {
                try
                {
                    // A timeout on the wait, not a sleep: the event itself ends the wait the moment it arrives.
                    if (!await next.WaitAsync(keepAlive, cancellationToken))
                    {
                        return;
                    }
                }
                catch (TimeoutException)
                {
                    await KeepAliveAsync(cancellationToken);
                    continue;
                }

                await write(enumerator.Current);
                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is pending; the token ends that one promptly.
            await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await enumerator.DisposeAsync();
        }
    }
}
