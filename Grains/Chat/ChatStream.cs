using Orchestrator.Grains.Interfaces.Chat;
using Orleans.Streams;

namespace Orchestrator.Grains.Chat;

/// <summary>
/// One open chat: the Orleans stream its events go to, and the two ways it can end early. The consumer leaving
/// (<see cref="ConsumerGone"/>) cancels <see cref="Upstream"/>; the grain ending it (stop, crash) records an error with
/// <see cref="End"/> first, so the reader knows which error to report.
/// </summary>
internal sealed class ChatStream : IDisposable
{
    private readonly TaskCompletionSource<ChatError> _endedBy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IAsyncStream<ChatEvent> _events;
    private readonly TimeProvider _time;
    private long _lastActivity;
    private int _produced;

    public ChatStream(Guid id, TimeProvider time, IAsyncStream<ChatEvent> events)
    {
        Id = id;
        _time = time;
        _events = events;
        _lastActivity = time.GetTimestamp();
    }

    public Guid Id { get; }

    /// <summary>Cancelled when the consumer is gone or the grain ended the stream: the upstream request must close.</summary>
    public CancellationTokenSource Upstream { get; } = new();

    /// <summary>The error the grain ended this stream with, if it did.</summary>
    public ChatError? EndedBy => _endedBy.Task.IsCompleted ? _endedBy.Task.Result : null;

    /// <summary>True once the server sent anything for this answer: prompt processing is over.</summary>
    public bool HasProduced => Volatile.Read(ref _produced) != 0;

    /// <summary>How long the server has sent nothing on this stream (read by the grain's watchdog).</summary>
    public TimeSpan Silence => _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));

    /// <summary>Called by the upstream reader for every event the server sends.</summary>
    public void MarkActivity()
    {
        Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());
        Volatile.Write(ref _produced, 1);
    }

    /// <summary>Called by the grain (stop, crash): records why, then closes the upstream request.</summary>
    public void End(ChatError error)
    {
        _endedBy.TrySetResult(error);
        CancelUpstream();
    }

    /// <summary>Called by the grain when the consumer left: the upstream request closes at once.</summary>
    public void ConsumerGone() => CancelUpstream();

    /// <summary>Publishes one event on the chat's Orleans stream, in order (the caller awaits each).</summary>
    public Task WriteAsync(ChatEvent chatEvent) => _events.OnNextAsync(chatEvent);

    public void Dispose() => Upstream.Dispose();

    private void CancelUpstream()
    {
        try
        {
            Upstream.Cancel();
        }
        catch (AggregateException)
        {
            // A cancellation callback failed; the request is cancelled all the same and the grain must go on.
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }
}
