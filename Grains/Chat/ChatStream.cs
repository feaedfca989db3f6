using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Telemetry;
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
    private readonly long _opened;
    private long _lastActivity;
    private int _produced;
    private int _consumerLeft;

    // Written by the upstream reader only, read by the grain once the reader has ended (ChatEnded comes after).
    private long _firstDelta;
    private long _lastDelta;
    private int _deltas;
    private ChatEvent? _terminal;

    public ChatStream(Guid id, TimeProvider time, IAsyncStream<ChatEvent> events, Activity? activity = null)
    {
        Id = id;
        _time = time;
        _events = events;
        _opened = time.GetTimestamp();
        _lastActivity = _opened;
        Activity = activity;
    }

    /// <summary>The chat's trace (null when nothing listens); the upstream request runs inside it.</summary>
    public Activity? Activity { get; }

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

    /// <summary>Called by the upstream reader for every piece of the answer it forwards.</summary>
    public void MarkDelta()
    {
        var now = _time.GetTimestamp();
        if (_deltas++ == 0)
        {
            _firstDelta = now;
            Activity?.AddEvent(new ActivityEvent("first_token"));
        }

        _lastDelta = now;
    }

    /// <summary>What the chat came to; called once its reader has ended.</summary>
    public ChatSummary Summarize()
    {
        TimeSpan? firstToken = _deltas > 0 ? _time.GetElapsedTime(_opened, _firstDelta) : null;
        var measured = _deltas > 1 && _lastDelta > _firstDelta ? (_deltas - 1) / _time.GetElapsedTime(_firstDelta, _lastDelta).TotalSeconds : (double?)null;
        switch (_terminal)
        {
            case ChatDone done:
                var tokens = done.Usage?.CompletionTokens is > 0 and var reported ? reported : _deltas;
                return new ChatSummary(ChatSummary.Done, null, firstToken, tokens, ServerSpeed(done.Timings) ?? measured);
            case ChatError when Volatile.Read(ref _consumerLeft) != 0 && EndedBy is null:
                return new ChatSummary(ChatSummary.Cancelled, null, firstToken, _deltas, measured);
            case ChatError error:
                return new ChatSummary(ChatSummary.Error, error.Type, firstToken, _deltas, measured);
            default:
                return new ChatSummary(ChatSummary.Error, "unknown", firstToken, _deltas, measured);
        }
    }

    /// <summary>Called by the grain (stop, crash): records why, then closes the upstream request.</summary>
    public void End(ChatError error)
    {
        _endedBy.TrySetResult(error);
        CancelUpstream();
    }

    /// <summary>Called by the grain when the consumer left: the upstream request closes at once.</summary>
    public void ConsumerGone()
    {
        Volatile.Write(ref _consumerLeft, 1);
        CancelUpstream();
    }

    /// <summary>Publishes one event on the chat's Orleans stream, in order (the caller awaits each); remembers the terminal one.</summary>
    public Task WriteAsync(ChatEvent chatEvent)
    {
        if (chatEvent is ChatDone or ChatError)
        {
            _terminal = chatEvent;
        }

        return _events.OnNextAsync(chatEvent);
    }

    public void Dispose()
    {
        Upstream.Dispose();
        Activity?.Dispose();
    }

    /// <summary>llama-server's own decode speed, the figure its users know (what Ollama calls the eval rate).</summary>
    private static double? ServerSpeed(JsonElement? timings) =>
        timings is { ValueKind: JsonValueKind.Object } t && t.TryGetProperty("predicted_per_second", out var speed)
        && speed.TryGetDouble(out var perSecond) && perSecond > 0 && double.IsFinite(perSecond)
            ? perSecond
            : null;

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
