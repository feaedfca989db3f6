using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Orchestrator.Client;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Cli.Commands.Chat;

/// <summary>A conversation with one model: every question and complete answer is kept and sent with the next question.</summary>
internal sealed class ChatSession(OrchestratorClient client, string modelId, IReadOnlyDictionary<string, JsonElement> options, string? system)
{
    private readonly List<ChatMessage> _history = system is null ? [] : [new ChatMessage("system", system)];

    public IReadOnlyList<ChatMessage> History => _history;

    /// <summary>
    /// Asks <paramref name="prompt"/>, handing each piece of the answer to <paramref name="onDelta"/> as it arrives. A cancelled or
    /// failed answer leaves the conversation as it was.
    /// </summary>
    public async Task<ChatAnswer> AskAsync(string prompt, Action<string> onDelta, CancellationToken cancellationToken)
    {
        _history.Add(new ChatMessage("user", prompt));
        var text = new StringBuilder();
        var deltas = 0;
        long firstDelta = 0;
        try
        {
            await foreach (var chatEvent in client.ChatAsync(modelId, new ChatRequest([.. _history]) { Options = options }, cancellationToken))
            {
                switch (chatEvent)
                {
                    case ChatDelta delta:
                        firstDelta = deltas++ == 0 ? Stopwatch.GetTimestamp() : firstDelta;
                        text.Append(delta.Content);
                        onDelta(delta.Content);
                        break;
                    case ChatDone done:
                        _history.Add(new ChatMessage("assistant", text.ToString()));
                        return new ChatAnswer(text.ToString(), done, null, deltas, deltas > 0 ? Stopwatch.GetElapsedTime(firstDelta) : null);
                    case ChatError error:
                        _history.RemoveAt(_history.Count - 1);
                        return new ChatAnswer(text.ToString(), null, error, deltas, null);
                }
            }
        }
        catch
        {
            _history.RemoveAt(_history.Count - 1);
            throw;
        }

        // The client throws when a chat stream ends without done or error; this line is never reached.
        throw new InvalidOperationException("The chat stream ended without done or error.");
    }
}
