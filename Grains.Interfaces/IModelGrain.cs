using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces;

/// <summary>
/// One model's actor: it alone owns the model's state, port and server process, and handles one message at a time.
/// </summary>
public interface IModelGrain
{
    /// <summary>The model this grain serves.</summary>
    ModelId Id { get; }

    /// <summary>The current state, answered at once (never behind a start, stop or chat).</summary>
    Task<ModelState> GetStateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts the model's server and completes once it is <c>Running</c>. Joins a start in progress; succeeds at once when
    /// already running. Throws <see cref="Errors.StartFailedException"/> with the <c>Crashed</c> reason on failure.
    /// Cancelling the call stops waiting; it does not stop the start.
    /// </summary>
    Task<ModelState> StartAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the model's server (ending its streams first) and completes once no process is left. A no-op when nothing runs.
    /// </summary>
    Task<ModelState> StopAsync(CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="tail"/> lines of the server's output (fewer when fewer were kept).</summary>
    Task<IReadOnlyList<LogLine>> GetLogsAsync(int tail, CancellationToken cancellationToken = default);

    /// <summary>The last <paramref name="tail"/> lines, then every new line until cancelled.</summary>
    IAsyncEnumerable<LogLine> FollowLogsAsync(int tail, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a chat stream. Completes once the grain accepted it (throws <see cref="Errors.ModelNotRunningException"/>
    /// at once when the model is not <c>Running</c>); the events then arrive as the server produces them and end with
    /// exactly one <see cref="ChatDone"/> or <see cref="ChatError"/>. Cancelling <paramref name="cancellationToken"/>
    /// (or disposing the enumeration) closes the upstream request at once, which frees the server's slot.
    /// </summary>
    Task<IAsyncEnumerable<ChatEvent>> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default);
}
