using System.Runtime.CompilerServices;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>A chat with a model, read from its Orleans stream: what the silo's HTTP endpoint, clients and tests all do.</summary>
public static class ModelChats
{
    /// <summary>
    /// Subscribes to a new chat stream, then asks the model's grain to open the chat on it: throws
    /// <see cref="Errors.ModelNotRunningException"/> (or <see cref="Errors.ModelNotFoundException"/>) at once, before any
    /// event. The events end after the one <see cref="ChatDone"/> or <see cref="ChatError"/>; cancelling
    /// <paramref name="cancellationToken"/> or leaving the enumeration early closes the upstream request at once.
    /// </summary>
    public static async Task<IAsyncEnumerable<ChatEvent>> OpenAsync(IClusterClient client, string modelId, ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var chatId = Guid.NewGuid();
        var grain = client.GetGrain<IModelGrain>(modelId);
        var stream = OrchestratorStreams.Chat(chatId);
        // From the stream's position, the subscription and the chat can start together: whichever Orleans sets up first,
        // the subscriber still gets every event from the first one.
        var from = await client.GetGrain<IStreamPositionGrain>(OrchestratorStreams.Provider).GetNextAsync(stream).ConfigureAwait(false);
        var inbox = new StreamInbox<ChatEvent>(capacity: null);
        var subscribing = inbox.SubscribeAsync(client.GetStreamProvider(OrchestratorStreams.Provider).GetStream<ChatEvent>(stream), from);
        var opening = grain.OpenChatAsync(chatId, request, cancellationToken);
        try
        {
            await opening.ConfigureAwait(false);
        }
        catch
        {
            await subscribing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await inbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        try
        {
            await subscribing.ConfigureAwait(false);
        }
        catch
        {
            await grain.CancelChatAsync(chatId).ConfigureAwait(false);
            await inbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return ReadAsync(inbox, grain, chatId, cancellationToken);
    }

    private static async IAsyncEnumerable<ChatEvent> ReadAsync(
        StreamInbox<ChatEvent> inbox,
        IModelGrain grain,
        Guid chatId,
        CancellationToken openToken,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(openToken, cancellationToken);
        var ended = false;
        try
        {
            await foreach (var chatEvent in inbox.ReadAllAsync(both.Token).ConfigureAwait(false))
            {
                ended = chatEvent is ChatDone or ChatError;
                yield return chatEvent;
                if (ended)
                {
                    yield break;
                }
            }
        }
        finally
        {
            if (!ended)
            {
                // The reader left mid-answer: the grain closes the upstream request at once, freeing the server's slot.
                await grain.CancelChatAsync(chatId).ConfigureAwait(false);
            }

            await inbox.DisposeAsync().ConfigureAwait(false);
        }
    }
}
