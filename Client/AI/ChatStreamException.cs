namespace Orchestrator.Client.AI;

/// <summary>
/// A chat stream ended with an <c>error</c> event (the model was stopped or crashed mid-answer, or llama-server reported an
/// error): what <see cref="OrchestratorChatClient"/> throws for a <see cref="Grains.Interfaces.Chat.ChatError"/>.
/// </summary>
public sealed class ChatStreamException : Exception
{
    /// <summary>Creates the error from the stream's error event.</summary>
    public ChatStreamException(string modelId, string errorType, string detail)
        : base($"The chat with \"{modelId}\" ended with {errorType}: {detail}")
    {
        ModelId = modelId;
        ErrorType = errorType;
        Detail = detail;
    }

    /// <summary>The model.</summary>
    public string ModelId { get; }

    /// <summary>The stable kind (<c>model-stopped</c>, <c>model-crashed</c>, <c>upstream-error</c>, see <see cref="Grains.Interfaces.Errors.ErrorTypes"/>).</summary>
    public string ErrorType { get; }

    /// <summary>What happened, for a person.</summary>
    public string Detail { get; }
}
