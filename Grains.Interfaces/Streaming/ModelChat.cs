using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>
/// An open chat (made by <see cref="ModelChats.OpenAsync"/>): its events once, up to the one <see cref="ChatDone"/> or
/// <see cref="ChatError"/>. Leaving the enumeration before that, or disposing the chat unread, cancels it: the grain closes
/// the upstream request at once, freeing the server's slot.
/// </summary>
public sealed class ModelChat : IAsyncEnumerable<ChatEvent>, IAsyncDisposable
{
    private readonly StreamInbox<ChatEvent> _inbox;
    private readonly IModelGrain _grain;
    private readonly Guid _chatId;
    private readonly CancellationToken _openToken;
    private int _ended;

    internal ModelChat(StreamInbox<ChatEvent> inbox, IModelGrain grain, Guid chatId, CancellationToken openToken)
    {
        _inbox = inbox;
        _grain = grain;
        _chatId = chatId;
        _openToken = openToken;
    }

    /// <inheritdoc />
    public async IAsyncEnumerator<ChatEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_openToken, cancellationToken);
        var finished = false;
        try
        {
            await foreach (var chatEvent in _inbox.ReadAllAsync(both.Token).ConfigureAwait(false))
            {
                finished = chatEvent is ChatDone or ChatError;
                yield return chatEvent;
                if (finished)
                {
                    yield break;
                }
            }
        }
        finally
        {
            await EndAsync(cancel: !finished).ConfigureAwait(false);
        }
    }

    /// <summary>Cancels the chat unless it already ended, and unsubscribes.</summary>
    public ValueTask DisposeAsync() => EndAsync(cancel: true);

    private async ValueTask EndAsync(bool cancel)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        try
        {
            if (cancel)
            {
                await _grain.CancelChatAsync(_chatId).ConfigureAwait(false);
            }
        }
        finally
        {
            await _inbox.DisposeAsync().ConfigureAwait(false);
        }
    }
}
