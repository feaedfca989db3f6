using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;

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
    private CancellationTokenSource? _silence;
    private bool _unknownToGrain;

    internal ModelChat(StreamInbox<ChatEvent> inbox, IModelGrain grain, Guid chatId, CancellationToken openToken)
    {
        _inbox = inbox;
        _grain = grain;
        _chatId = chatId;
        _openToken = openToken;
    }

    /// <summary>
    /// A chat whose stream stays silent this long while it is read asks its grain whether it still has the chat: a model
    /// loading a long prompt says yes, a grain whose node died cannot (and the chat would otherwise never end).
    /// </summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(5);

    /// <summary>How long a chat its grain no longer has may still wait for its end (published just before, still on its way).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public async IAsyncEnumerator<ChatEvent> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(_openToken, cancellationToken);
        var finished = false;
        try
        {
            while (await NextAsync(both.Token).ConfigureAwait(false) is { } chatEvent)
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
            _silence?.Dispose();
            _silence = null;
            await EndAsync(cancel: !finished).ConfigureAwait(false);
        }
    }

    /// <summary>The next event; null once the stream ended; an error of its own when the chat's node is gone.</summary>
    private async ValueTask<ChatEvent?> NextAsync(CancellationToken cancellationToken)
    {
        var reader = _inbox.Reader;
        ChatEvent? chatEvent;
        while (!reader.TryRead(out chatEvent))
        {
            // One timer for the whole chat, re-armed per wait; a new one only after it fired.
            if (_silence is null || !_silence.TryReset())
            {
                _silence?.Dispose();
                _silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            }

            _silence.CancelAfter(_unknownToGrain ? Grace : Silence);
            try
            {
                if (!await reader.WaitToReadAsync(_silence.Token).ConfigureAwait(false))
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (await CheckAliveAsync(cancellationToken).ConfigureAwait(false) is { } lost)
                {
                    return lost;
                }
            }
        }

        return chatEvent;
    }

    /// <summary>Asks the grain about a silent chat: null while it has it, else the error that ends the chat.</summary>
    private async Task<ChatError?> CheckAliveAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await _grain.HasChatAsync(_chatId).WaitAsync(Silence, cancellationToken).ConfigureAwait(false))
            {
                _unknownToGrain = false;
                return null;
            }

            // Its end may have been published a moment ago and still be on its way: a moment's grace before giving up.
            if (!_unknownToGrain)
            {
                _unknownToGrain = true;
                return null;
            }

            return new ChatError(ErrorTypes.ModelUnavailable, "the chat was lost: the model's grain no longer has it (its node went down)");
        }
        catch (ModelNotFoundException)
        {
            return new ChatError(ErrorTypes.ModelUnavailable, "the chat was lost: the model's node went down, and no node that is up lists the model");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ChatError(ErrorTypes.ModelUnavailable, $"the model's node stopped answering: {e.Message}");
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
