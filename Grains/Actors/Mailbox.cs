using System.Threading.Channels;

namespace Orchestrator.Grains.Actors;

/// <summary>
/// An actor's mailbox: one reader handles one message at a time. Messages on the priority lane (stop, status)
/// overtake queued ordinary work. A failing handler reports to <c>onFailure</c> and the loop goes on.
/// </summary>
internal sealed class Mailbox<T>
{
    private readonly Channel<T> _priority = Channel.CreateUnbounded<T>();
    private readonly Channel<T> _normal = Channel.CreateUnbounded<T>();

    public bool Post(T message) => _normal.Writer.TryWrite(message);

    public bool PostPriority(T message) => _priority.Writer.TryWrite(message);

    /// <summary>Refuses new messages; the loop ends once both lanes are drained.</summary>
    public void Complete()
    {
        _priority.Writer.TryComplete();
        _normal.Writer.TryComplete();
    }

    public async Task RunAsync(Func<T, ValueTask> handle, Action<T, Exception> onFailure)
    {
        // Keep each lane's pending wait across iterations: asking again every time would pile waiters up on the quiet lane.
        Task<bool>? priorityWait = null;
        Task<bool>? normalWait = null;
        while (true)
        {
            if (_priority.Reader.TryRead(out var message) || _normal.Reader.TryRead(out message))
            {
                try
                {
                    await handle(message).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failure answers the caller (through onFailure) and never kills the loop.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    onFailure(message, e);
                }

                continue;
            }

            priorityWait ??= _priority.Reader.WaitToReadAsync().AsTask();
            normalWait ??= _normal.Reader.WaitToReadAsync().AsTask();
            await Task.WhenAny(priorityWait, normalWait).ConfigureAwait(false);
            if ((priorityWait.IsCompleted && !priorityWait.Result) || (normalWait.IsCompleted && !normalWait.Result))
            {
                if (_priority.Reader.Completion.IsCompleted && _normal.Reader.Completion.IsCompleted)
                {
                    return;
                }
            }

            priorityWait = priorityWait.IsCompleted && priorityWait.Result ? null : priorityWait;
            normalWait = normalWait.IsCompleted && normalWait.Result ? null : normalWait;
        }
    }
}
