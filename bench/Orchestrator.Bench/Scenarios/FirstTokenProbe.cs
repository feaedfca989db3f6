using System.Diagnostics;
using System.Net.ServerSentEvents;
using Orchestrator.Bench.Infrastructure;

namespace Orchestrator.Bench.Scenarios;

/// <summary>One side of a first-token comparison: where to send the chat, and how to recognise its first token.</summary>
public sealed record FirstTokenProbe(Uri BaseAddress, string? Token, string Path, string Body, Func<SseItem<string>, bool> IsToken)
{
    /// <summary>On <paramref name="http"/> (a kept-alive connection, once warm).</summary>
    public Task<double> OnceAsync(HttpClient http) => FirstTokenAsync(http, this);

    /// <summary>On a connection of its own: a new client and TCP connection, as a new client process sees it.</summary>
    public async Task<double> FreshAsync()
    {
        using var http = LoopbackHttp.Create(BaseAddress, Token);
        return await FirstTokenAsync(http, this);
    }

    /// <summary>Sends a chat, returns the milliseconds to its first token event, then reads the rest (outside the timing).</summary>
    public static async Task<double> FirstTokenAsync(HttpClient http, FirstTokenProbe probe, Action? onFirstToken = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(probe);
        using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(60));
        var start = Stopwatch.GetTimestamp();
        // A client without a base address (the silo's own upstream client) gets the absolute address.
        var uri = http.BaseAddress is null ? new Uri(probe.BaseAddress, probe.Path) : new Uri(probe.Path, UriKind.Relative);
        using var response = await LoopbackHttp.PostStreamingAsync(http, uri, probe.Body, deadline.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        double? first = null;
        await foreach (var item in Sse.ReadAsync(stream, deadline.Token))
        {
            if (first is null && probe.IsToken(item))
            {
                first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                onFirstToken?.Invoke();
            }
        }

        return first ?? throw new InvalidOperationException($"POST {probe.Path}: the stream carried no token");
    }
}
