using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>A chat with a model, read from its Orleans stream: what the silo's HTTP endpoint, clients and tests all do.</summary>
public static class ModelChats
{
    /// <summary>
    /// Subscribes to a new chat stream, then asks the model's grain to open the chat on it: throws
    /// <see cref="Errors.ModelNotRunningException"/> (or <see cref="Errors.ModelNotFoundException"/>) at once, before any
    /// event. The events end after the one <see cref="ChatDone"/> or <see cref="ChatError"/>; cancelling
    /// <paramref name="cancellationToken"/>, leaving the enumeration early or disposing the chat closes the upstream
    /// request at once.
    /// </summary>
    public static async Task<ModelChat> OpenAsync(IClusterClient client, string modelId, ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var chatId = Guid.NewGuid();
        var grain = client.GetGrain<IModelGrain>(modelId);
        var stream = OrchestratorStreams.Chat(chatId);
        // From the stream's position, the subscription and the chat can start together: whichever Orleans sets up first,
        // the subscriber still gets every event from the first one. The position is the grain's silo's, which publishes.
        var from = await grain.GetStreamPositionAsync(stream).ConfigureAwait(false);
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

        return new ModelChat(inbox, grain, chatId, cancellationToken);
    }
}
