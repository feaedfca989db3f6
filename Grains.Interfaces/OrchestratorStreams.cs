namespace Orchestrator.Grains.Interfaces;

/// <summary>
/// The Orleans streams the grains publish on. Subscribe before you ask (open a chat, read a log tail): a subscriber
/// misses nothing published after its subscription.
/// </summary>
public static class OrchestratorStreams
{
    /// <summary>The stream provider's name, in the silo and in clients.</summary>
    public const string Provider = "orchestrator";

    /// <summary>Every state change of every model (<see cref="Events.ModelStateChanged"/>), on one stream.</summary>
    public static StreamId Events { get; } = StreamId.Create("model-events", "all");

    /// <summary>The events of one chat (<see cref="Chat.ChatEvent"/>), on a stream of its own.</summary>
    public static StreamId Chat(Guid chatId) => StreamId.Create("chat", chatId);

    /// <summary>A model's output lines (<see cref="Logs.LogLine"/>) as they are read.</summary>
    public static StreamId Logs(string modelId) => StreamId.Create("model-logs", modelId);
}
