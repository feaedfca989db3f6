using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Orchestrator.Client.Http;
using Orchestrator.Client.Json;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Logs;

namespace Orchestrator.Client;

/// <summary>The streaming calls: chat, followed logs, state changes. Each has an <c>Open...</c> form that completes once the silo accepted it.</summary>
public sealed partial class OrchestratorClient
{
    /// <summary>
    /// Chats with a <c>Running</c> model: the answer's <see cref="ChatDelta"/> events as the model produces them, then exactly
    /// one <see cref="ChatDone"/> or <see cref="ChatError"/>. Throws <see cref="Grains.Interfaces.Errors.ModelNotRunningException"/>
    /// when the model is not running. Cancelling closes the request; the silo then frees the model's slot.
    /// </summary>
    public async IAsyncEnumerable<ChatEvent> ChatAsync(string id, ChatRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenChatAsync(id, request, cancellationToken);
        await foreach (var chatEvent in stream.WithCancellation(cancellationToken))
        {
            yield return chatEvent;
        }
    }

    /// <summary>Like <see cref="ChatAsync"/>, but completes once the silo accepted the chat (or threw why not); enumerate the result for the events.</summary>
    public async Task<SiloEvents<ChatEvent>> OpenChatAsync(string id, ChatRequest request, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(ModelPath(id, "/chat"), UriKind.Relative))
        {
            Content = ChatRequestContent.Create(request),
        };
        return await OpenStreamAsync(message, id, ParseChatEvent, static e => e is ChatDone or ChatError, cancellationToken);
    }

    /// <summary>The last <paramref name="tail"/> lines of the model server's output, then every new line until cancelled.</summary>
    public async IAsyncEnumerable<LogLine> FollowLogsAsync(string id, int tail = DefaultLogTail, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenLogsAsync(id, tail, cancellationToken);
        await foreach (var line in stream.WithCancellation(cancellationToken))
        {
            yield return line;
        }
    }

    /// <summary>Like <see cref="FollowLogsAsync"/>, but completes once the silo is following the log.</summary>
    public async Task<SiloEvents<LogLine>> OpenLogsAsync(string id, int tail = DefaultLogTail, CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(LogsPath(id, tail, follow: true), UriKind.Relative));
        return await OpenStreamAsync(message, id, ParseLogLine, null, cancellationToken);
    }

    /// <summary>Every state change of every model from now on, until cancelled.</summary>
    public async IAsyncEnumerable<ModelEventView> EventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = await OpenEventsAsync(cancellationToken);
        await foreach (var change in stream.WithCancellation(cancellationToken))
        {
            yield return change;
        }
    }

    /// <summary>Like <see cref="EventsAsync"/>, but completes once the silo has subscribed: no change made after it returns is missed.</summary>
    public async Task<SiloEvents<ModelEventView>> OpenEventsAsync(CancellationToken cancellationToken = default)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/events", UriKind.Relative));
        return await OpenStreamAsync(message, null, ParseStateChange, null, cancellationToken);
    }

    private async Task<SiloEvents<T>> OpenStreamAsync<T>(
        HttpRequestMessage message, string? modelId, SseItemParser<T?> parse, Func<T, bool>? isLast, CancellationToken cancellationToken)
        where T : class
    {
        message.Headers.Accept.ParseAdd("text/event-stream");
        // Headers only: the events are read as they arrive, never buffered whole.
        var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, modelId, cancellationToken);
        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new SiloEvents<T>(response, body, BaseAddress, parse, isLast);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static ChatEvent? ParseChatEvent(string eventType, ReadOnlySpan<byte> data) => eventType switch
    {
        "delta" => JsonSerializer.Deserialize(data, ClientJsonContext.Default.ChatDelta),
        "done" => JsonSerializer.Deserialize(data, ClientJsonContext.Default.ChatDone),
        "error" => JsonSerializer.Deserialize(data, ClientJsonContext.Default.ChatError),
        _ => null,
    };

    private static LogLine? ParseLogLine(string eventType, ReadOnlySpan<byte> data) =>
        eventType == "line" ? JsonSerializer.Deserialize(data, ClientJsonContext.Default.LogLine) : null;

    private static ModelEventView? ParseStateChange(string eventType, ReadOnlySpan<byte> data) =>
        eventType == "state" ? JsonSerializer.Deserialize(data, ClientJsonContext.Default.ModelEventView) : null;
}
