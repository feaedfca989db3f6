using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Grains.Chat;

/// <summary>
/// One open chat: the events between the upstream reader task and the consumer, and the two ways it can end early.
/// The consumer going away (cancel, dispose, disconnect) cancels <see cref="Upstream"/>; the grain ending it (stop, crash)
/// records an error with <see cref="End"/> first, so the reader knows which error to report.
/// </summary>
internal sealed class ChatStream : IDisposable
{
    // Bounded: a slow consumer slows the upstream read (and so the server) instead of growing the silo's memory.
    private readonly Channel<ChatEvent> _events = Channel.CreateBounded<ChatEvent>(new BoundedChannelOptions(256)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleReader = true,
        SingleWriter = true,
    });

    private readonly CancellationTokenSource _consumerGone = new();
    private readonly TaskCompletionSource<ChatError> _endedBy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenRegistration _callerRegistration;

    public ChatStream(long id, CancellationToken callerToken)
    {
        Id = id;
        _callerRegistration = callerToken.Register(static s => ((ChatStream)s!).ConsumerGone(), this);
    }

    public long Id { get; }

    /// <summary>Cancelled when the consumer is gone or the grain ended the stream: the upstream request must close.</summary>
    public CancellationTokenSource Upstream { get; } = new();

    /// <summary>The error the grain ended this stream with, if it did.</summary>
    public ChatError? EndedBy => _endedBy.Task.IsCompleted ? _endedBy.Task.Result : null;

    /// <summary>Called by the grain (stop, crash): records why, then closes the upstream request.</summary>
    public void End(ChatError error)
    {
        _endedBy.TrySetResult(error);
        try
        {
            Upstream.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream finished and was disposed before its ChatEnded message reached the grain: nothing left to close.
        }
    }

    /// <summary>Hands an event to the consumer; waits while the consumer is behind, gives up when it is gone.</summary>
    public async ValueTask WriteAsync(ChatEvent chatEvent)
    {
        try
        {
            await _events.Writer.WriteAsync(chatEvent, _consumerGone.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Nobody is listening any more.
        }
        catch (ChannelClosedException)
        {
        }
    }

    public void Complete() => _events.Writer.TryComplete();

    public async IAsyncEnumerable<ChatEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var registration = cancellationToken.Register(static s => ((ChatStream)s!).ConsumerGone(), this);
        try
        {
            await foreach (var chatEvent in _events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return chatEvent;
            }
        }
        finally
        {
            ConsumerGone(); // stopped reading early, or done: either way the upstream request may close
        }
    }

    public void Dispose()
    {
        _callerRegistration.Dispose();
        _consumerGone.Dispose();
        Upstream.Dispose();
    }

    private void ConsumerGone()
    {
        try
        {
            _consumerGone.Cancel();
            Upstream.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream already finished and was disposed.
        }
    }
}
