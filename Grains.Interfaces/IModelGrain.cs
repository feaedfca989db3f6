using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces;

/// <summary>
/// One model's grain, keyed by its <c>full_identifier</c>: it alone owns the model's state, port and server process.
/// A key that is not in models.json answers <see cref="Errors.ModelNotFoundException"/> to every call and changes nothing.
/// </summary>
[Alias("orch.IModelGrain")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>The current state, answered at once (never behind a start, stop or chat).</summary>
    [Alias("GetState")]
    Task<ModelState> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts the model's server and completes once it is <c>Running</c>. Joins a start in progress; succeeds at once when
    /// already running. Throws <see cref="Errors.StartFailedException"/> with the <c>Crashed</c> reason on failure.
    /// Cancelling the call stops waiting; it does not stop the start. The grain's load timeout
    /// (<c>Orchestrator:LoadTimeout</c>) bounds the wait, not Orleans' 30 s response timeout.
    /// </summary>
    [Alias("Start")]
    [ResponseTimeout(LongCallTimeout)]
    Task<ModelState> StartAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the model's server (ending its chats first) and completes once no process is left. A no-op when nothing runs.
    /// </summary>
    [Alias("Stop")]
    [ResponseTimeout(LongCallTimeout)]
    Task<ModelState> StopAsync(CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="tail"/> lines of the server's output (fewer when fewer were kept).</summary>
    [Alias("GetLogs")]
    Task<IReadOnlyList<LogLine>> GetLogsAsync(int tail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens chat <paramref name="chatId"/>. Subscribe to <see cref="OrchestratorStreams.Chat"/> of that id first: the
    /// events (deltas, then exactly one <see cref="ChatDone"/> or <see cref="ChatError"/>) are published there. Completes
    /// once the grain accepted the chat; throws <see cref="Errors.ModelNotRunningException"/> at once when the model is not
    /// <c>Running</c>, and then publishes nothing; a model with <c>autostart</c> is started first instead (the call then
    /// lasts the load, and throws <see cref="Errors.StartFailedException"/> when the start fails).
    /// </summary>
    [Alias("Chat")]
    [ResponseTimeout(LongCallTimeout)]
    Task OpenChatAsync(Guid chatId, ChatRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// The consumer of chat <paramref name="chatId"/> left: the upstream request closes at once (freeing the server's slot)
    /// and the chat ends with an error event. Unknown or finished chats: nothing happens.
    /// </summary>
    [Alias("CancelChat")]
    Task CancelChatAsync(Guid chatId);

    /// <summary>
    /// Where <paramref name="streamId"/> (this model's chat or log stream) stands on the silo that publishes it, the grain's
    /// own: a subscription from this position misses nothing the grain publishes after the call. Sequence numbers are the
    /// publishing silo's, so in a cluster the position must come from there, not from the subscriber's silo.
    /// </summary>
    [Alias("GetStreamPosition")]
    Task<Orleans.Streams.StreamSequenceToken> GetStreamPositionAsync(StreamId streamId);

    /// <summary>
    /// Whether chat <paramref name="chatId"/> is still open here. A reader whose chat has been silent a while asks: a chat
    /// the grain no longer has (its node died and the grain is gone) will never end by itself.
    /// </summary>
    [Alias("HasChat")]
    Task<bool> HasChatAsync(Guid chatId);

    /// <summary>
    /// Orleans' default 30 s response timeout would fail a start that waits for a big model to load; the grain bounds
    /// these calls itself (load timeout, stop timeout), so the runtime's bound only has to outlast them.
    /// </summary>
    public const string LongCallTimeout = "1.00:00:00";
}
