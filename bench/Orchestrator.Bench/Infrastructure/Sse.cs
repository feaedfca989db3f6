using System.Net.ServerSentEvents;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>Reading a streamed chat as a client does.</summary>
public static class Sse
{
    public static IAsyncEnumerable<SseItem<string>> ReadAsync(Stream body, CancellationToken cancellationToken) =>
        SseParser.Create(body).EnumerateAsync(cancellationToken);

    /// <summary>A silo chat event that carries a token.</summary>
    public static bool IsSiloToken(SseItem<string> item) => item.EventType == "delta";

    /// <summary>A llama-server event that carries a token: a chunk whose delta has non-null content (not the role, the final or the usage event).</summary>
    public static bool IsDirectToken(SseItem<string> item) =>
        item.Data.Contains("\"content\":\"", StringComparison.Ordinal) && !item.Data.Contains("\"content\":\"\"", StringComparison.Ordinal);

    /// <summary>Reads a silo chat to its end; returns its token events and the terminal event's name.</summary>
    public static async Task<(int Tokens, string Terminal)> DrainSiloAsync(Stream body, CancellationToken cancellationToken)
    {
        var tokens = 0;
        await foreach (var item in ReadAsync(body, cancellationToken))
        {
            if (IsSiloToken(item))
            {
                tokens++;
            }
            else if (item.EventType is "done" or "error")
            {
                return (tokens, item.EventType == "error" ? "error: " + item.Data : "done");
            }
        }

        return (tokens, "closed");
    }

    /// <summary>Reads a llama-server stream to [DONE]; returns its token events.</summary>
    public static async Task<int> DrainDirectAsync(Stream body, CancellationToken cancellationToken)
    {
        var tokens = 0;
        await foreach (var item in ReadAsync(body, cancellationToken))
        {
            if (item.Data == "[DONE]")
            {
                return tokens;
            }

            if (IsDirectToken(item))
            {
                tokens++;
            }
        }

        throw new InvalidOperationException("the server closed the stream without [DONE]");
    }
}
