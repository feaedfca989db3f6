using System.Diagnostics;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>The two figures of a chat read as events (through an Orleans client or a grain's stream).</summary>
public static class ChatTiming
{
    /// <summary>Milliseconds from <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp) to the first piece of the answer; reads the chat to its end.</summary>
    public static async Task<double> FirstTokenMsAsync(long start, IAsyncEnumerable<ChatEvent> events)
    {
        double? first = null;
        await foreach (var chatEvent in events)
        {
            if (first is null && chatEvent is ChatDelta)
            {
                first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException("the chat carried no token");
    }

    /// <summary>Tokens per second from the first piece of the answer to its end.</summary>
    public static async Task<double> TokensPerSecondAsync(IAsyncEnumerable<ChatEvent> events)
    {
        long first = 0;
        var tokens = 0;
        await foreach (var chatEvent in events)
        {
            if (chatEvent is ChatDelta && tokens++ == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        return (tokens - 1) / Stopwatch.GetElapsedTime(first).TotalSeconds;
    }
}
