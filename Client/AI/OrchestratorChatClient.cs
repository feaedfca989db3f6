using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Orchestrator.Grains.Interfaces.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Orchestrator.Client.AI;

/// <summary>
/// <see cref="IChatClient"/> (Microsoft.Extensions.AI) over one model of a silo. Streaming yields one update per token
/// piece and a last update with the finish reason and usage; the non-streaming call aggregates the same stream. A model
/// that is not running throws <see cref="Grains.Interfaces.Errors.ModelNotRunningException"/>; a stream that ends in an
/// error throws <see cref="ChatStreamException"/>. <see cref="ChatOptions"/> map to llama-server's fields
/// (<c>max_tokens</c>, <c>temperature</c>, <c>top_p</c>, <c>top_k</c>, <c>seed</c>, <c>stop</c>, penalties).
/// </summary>
public sealed class OrchestratorChatClient : IChatClient
{
    private readonly OrchestratorClient _client;
    private readonly ChatClientMetadata _metadata;

    /// <summary>A chat client for the model <paramref name="modelId"/> (its <c>full_identifier</c>); it does not own <paramref name="client"/>.</summary>
    public OrchestratorChatClient(OrchestratorClient client, string modelId)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        _client = client;
        ModelId = modelId;
        _metadata = new ChatClientMetadata("orchestrator", new Uri($"tcp://{client.Gateway}"), modelId);
    }

    /// <summary>The model this client chats with (unless <see cref="ChatOptions.ModelId"/> names another).</summary>
    public string ModelId { get; }

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        GetStreamingResponseAsync(messages, options, cancellationToken).ToChatResponseAsync(cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var modelId = options?.ModelId ?? ModelId;
        var request = ChatRequestMapping.ToRequest(messages, options);
        var responseId = Guid.NewGuid().ToString("N");
        var created = DateTimeOffset.UtcNow;
        await foreach (var chatEvent in _client.ChatAsync(modelId, request, cancellationToken))
        {
            yield return chatEvent switch
            {
                ChatDelta delta => Update(new ChatResponseUpdate(ChatRole.Assistant, delta.Content), delta),
                ChatDone done => Update(Last(done), done),
                ChatError error => throw new ChatStreamException(modelId, error.Type, error.Detail),
                _ => Update(new ChatResponseUpdate(), chatEvent),
            };
        }

        ChatResponseUpdate Update(ChatResponseUpdate update, ChatEvent raw)
        {
            update.ResponseId = responseId;
            update.MessageId = responseId;
            update.ModelId = modelId;
            update.CreatedAt = created;
            update.RawRepresentation = raw;
            return update;
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType == typeof(OrchestratorClient) ? _client
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <summary>Nothing to release: the <see cref="OrchestratorClient"/> belongs to the caller.</summary>
    public void Dispose()
    {
    }

    private static ChatResponseUpdate Last(ChatDone done)
    {
        var contents = new List<AIContent>();
        if (done.Usage is { } usage)
        {
            contents.Add(new UsageContent(new UsageDetails
            {
                InputTokenCount = usage.PromptTokens,
                OutputTokenCount = usage.CompletionTokens,
                TotalTokenCount = usage.TotalTokens,
            }));
        }

        var update = new ChatResponseUpdate(ChatRole.Assistant, contents) { FinishReason = FinishReason(done.FinishReason) };
        if (done.Timings is { } timings)
        {
            update.AdditionalProperties = new AdditionalPropertiesDictionary { ["timings"] = timings };
        }

        return update;
    }

    private static ChatFinishReason? FinishReason(string? reason) => reason switch
    {
        null => null,
        "stop" => ChatFinishReason.Stop,
        "length" => ChatFinishReason.Length,
        "tool_calls" => ChatFinishReason.ToolCalls,
        "content_filter" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };
}
