using System.Runtime.CompilerServices;
using Orchestrator.Client.Connection;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;

namespace Orchestrator.Client;

/// <summary>
/// The streaming calls, read from the grains' Orleans streams: chat, followed logs, state changes. Each subscribes before it
/// asks, so nothing is missed; each has an <c>Open...</c> form that completes once the subscription exists.
/// </summary>
public sealed partial class OrchestratorClient
{
    /// <summary>How far a follower of logs or events may fall behind before it loses the oldest items.</summary>
    public const int FollowBacklog = 4096;

    /// <summary>
    /// Chats with a <c>Running</c> model: the answer's <see cref="ChatDelta"/> events as the model produces them, then exactly
    /// one <see cref="ChatDone"/> or <see cref="ChatError"/>. Throws <see cref="Grains.Interfaces.Errors.ModelNotRunningException"/>
    /// when the model is not running. Cancelling closes the upstream request; the model then frees its slot.
    /// </summary>
    public async IAsyncEnumerable<ChatEvent> ChatAsync(string id, ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenChatAsync(id, request, cancellationToken).ConfigureAwait(false);
        await foreach (var chatEvent in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return chatEvent;
        }
    }

    /// <summary>Like <see cref="ChatAsync"/>, but completes once the model accepted the chat (or threw why not); enumerate the result for the events.</summary>
    public Task<SiloEvents<ChatEvent>> OpenChatAsync(string id, ChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(request);
        // A chat is not made twice: when the silo goes away, the answer ends with SiloUnavailableException.
        return OpenAsync(
            async (connection, _, ct) => SiloSubscription<ChatEvent>.Of(await ModelChats.OpenAsync(connection.Client, id, request, ct).ConfigureAwait(false)),
            static e => e is ChatDone or ChatError,
            resubscribe: false,
            cancellationToken);
    }

    /// <summary>
    /// The last <paramref name="tail"/> lines of the model server's output, then every new line until cancelled. When the
    /// silo restarts, the follow goes on with the new run's output.
    /// </summary>
    public async IAsyncEnumerable<LogLine> FollowLogsAsync(string id, int tail = DefaultLogTail, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenLogsAsync(id, tail, cancellationToken).ConfigureAwait(false);
        await foreach (var line in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>Like <see cref="FollowLogsAsync"/>, but completes once the log is followed (or threw why not).</summary>
    public Task<SiloEvents<LogLine>> OpenLogsAsync(string id, int tail = DefaultLogTail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        return OpenAsync(
            async (connection, _, ct) => SiloSubscription<LogLine>.Of(await ModelLogs.FollowAsync(connection.Client, id, tail, FollowBacklog, ct).ConfigureAwait(false)),
            isLast: null,
            _options.Reconnect,
            cancellationToken);
    }

    /// <summary>
    /// Every state change of every model from now on, until cancelled. When the silo restarts, the stream goes on with the
    /// new run: first each model's state at that moment (an event whose <see cref="ModelEventView.Previous"/> equals its
    /// <see cref="ModelEventView.Status"/>, so a view can refresh), then its changes.
    /// </summary>
    public async IAsyncEnumerable<ModelEventView> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenEventsAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var change in stream.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return change;
        }
    }

    /// <summary>Like <see cref="EventsAsync"/>, but completes once subscribed: no change made after it returns is missed.</summary>
    public Task<SiloEvents<ModelEventView>> OpenEventsAsync(CancellationToken cancellationToken = default) =>
        OpenAsync(
            static async (connection, resumed, ct) =>
            {
                var inbox = await StreamInbox.SubscribeAsync<ModelStateChanged>(connection.Client, OrchestratorStreams.Events, FollowBacklog).ConfigureAwait(false);
                try
                {
                    // After a reconnect, what changed while no silo answered is unknown: every model's state now comes first.
                    var now = resumed ? await Catalog(connection.Client).ListAsync(ct).ConfigureAwait(false) : [];
                    return new SiloSubscription<ModelEventView>(Views(now, inbox, CancellationToken.None), inbox.DisposeAsync);
                }
                catch
                {
                    await inbox.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            isLast: null,
            _options.Reconnect,
            cancellationToken);

    /// <summary>
    /// Waits for the silo to be back (a new silo.json, or the same gateway answering again) and opens the subscription
    /// again on the new connection.
    /// </summary>
    internal async Task<(SiloConnection Connection, SiloSubscription<T> Subscription)> ResubscribeAsync<T>(
        Func<SiloConnection, bool, CancellationToken, Task<SiloSubscription<T>>> open, CancellationToken cancellationToken)
    {
        using var siloInfo = new SiloInfoWatch(_options.StateDirectory);
        while (true)
        {
            var changed = siloInfo.NextChangeAsync(cancellationToken);
            try
            {
                var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
                return (connection, await open(connection, true, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is SiloUnavailableException || ConnectionErrors.IsLostConnection(e))
            {
                // Not back yet.
            }

            await changed.ConfigureAwait(false);
        }
    }

    private async Task<SiloEvents<T>> OpenAsync<T>(
        Func<SiloConnection, bool, CancellationToken, Task<SiloSubscription<T>>> open, Func<T, bool>? isLast, bool resubscribe, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        SiloSubscription<T> subscription;
        try
        {
            subscription = await open(connection, false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (ConnectionErrors.IsLostConnection(e) && !cancellationToken.IsCancellationRequested)
        {
            connection.MarkLost();
            throw SiloUnavailableException.Lost(connection.Gateway, e);
        }

        return new SiloEvents<T>(connection, subscription, open, isLast, resubscribe ? this : null);
    }

    private static async IAsyncEnumerable<ModelEventView> Views(
        IReadOnlyList<ModelView> now, StreamInbox<ModelStateChanged> inbox, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var model in now)
        {
            yield return new ModelEventView(model.Id, model.Status, model.Status, model.Reason, model.Port, model.Pid, model.Since, model.Decision, model.QueuePosition)
            {
                RunningSince = model.RunningSince,
            };
        }

        await foreach (var change in inbox.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ModelEventView.From(change);
        }
    }
}
