using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Streaming;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// Where a fresh-connection chat's milliseconds go in the silo. Two views: the moments of each chat from the runtime's
/// activities (<see cref="RequestTimeline"/>; the listener itself costs a little, so these chats are not P1's), and the
/// pieces of the path timed on their own: a grain call from the silo's client, a subscription to a new chat stream, a chat
/// opened in-process (no HTTP) to its first delta, and a fresh connection's cost on Kestrel.
/// </summary>
public static class FirstTokenBreakdown
{
    /// <summary>
    /// Returns the note: the timeline's medians, then the pieces'. <paramref name="upstreamPort"/> is the port of the
    /// silo's own server for <paramref name="modelId"/> (its view's <c>port</c>), which tells its requests apart.
    /// </summary>
    public static async Task<string> MeasureAsync(InProcessSilo silo, string modelId, int upstreamPort, FirstTokenProbe viaSilo, FirstTokenProbe straight, int reps)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(viaSilo);
        ArgumentNullException.ThrowIfNull(straight);
        var timeline = await TimelineAsync(viaSilo, upstreamPort, reps);
        var pieces = await PiecesAsync(silo, modelId, upstreamPort, viaSilo, straight, reps);
        return $"breakdown, fresh connection through the silo (medians of {reps}): {timeline}; pieces timed alone: {pieces}";
    }

    private static async Task<string> TimelineAsync(FirstTokenProbe viaSilo, int upstreamPort, int reps)
    {
        var connect = new Series("ms");
        var toRequestIn = new Series("ms");
        var toUpstream = new Series("ms");
        var upstream = new Series("ms");
        var toClient = new Series("ms");
        var total = new Series("ms");
        using var timeline = new RequestTimeline(upstreamPort);
        for (var i = 0; i < reps + 5; i++)
        {
            using var http = LoopbackHttp.Create(viaSilo.BaseAddress, viaSilo.Token);
            timeline.Reset();
            timeline.Send = Stopwatch.GetTimestamp();
            await FirstTokenProbe.FirstTokenAsync(http, viaSilo, () => timeline.FirstToken = Stopwatch.GetTimestamp());
            if (i < 5 || timeline.RequestIn == 0 || timeline.UpstreamSent == 0 || timeline.UpstreamHeaders == 0)
            {
                continue; // warm-up, or a chat whose activities were not all seen
            }

            if (timeline.ConnectEnd != 0)
            {
                connect.Add(BenchContext.Ms(timeline.ConnectStart, timeline.ConnectEnd));
            }

            toRequestIn.Add(BenchContext.Ms(timeline.Send, timeline.RequestIn));
            toUpstream.Add(BenchContext.Ms(timeline.RequestIn, timeline.UpstreamSent));
            upstream.Add(BenchContext.Ms(timeline.UpstreamSent, timeline.UpstreamHeaders));
            toClient.Add(BenchContext.Ms(timeline.UpstreamHeaders, timeline.FirstToken));
            total.Add(BenchContext.Ms(timeline.Send, timeline.FirstToken));
        }

        return total.Count == 0
            ? "the runtime's activities were not seen"
            : $"send → Kestrel request activity {toRequestIn.Median:0.000} ms (of it TCP connect {connect.Median:0.000}); "
              + $"→ upstream request sent (auth, body parse, stream subscribe, OpenChatAsync, upstream body) {toUpstream.Median:0.000} ms; "
              + $"→ upstream headers in (pooled connection; {timeline.UpstreamConnects} new upstream connections in {reps + 5} chats) {upstream.Median:0.000} ms; "
              + $"→ first delta read by the client (SSE parse, publish, stream delivery, SSE write, client read) {toClient.Median:0.000} ms; total {total.Median:0.000} ms";
    }

    private static async Task<string> PiecesAsync(InProcessSilo silo, string modelId, int upstreamPort, FirstTokenProbe viaSilo, FirstTokenProbe straight, int reps)
    {
        var client = silo.Services.GetRequiredService<IClusterClient>();
        var grain = client.GetGrain<IModelGrain>(modelId);
        var request = new ChatRequest([new ChatMessage("user", ChatBodies.Prompt)]);
        using var siloHttp = LoopbackHttp.Create(viaSilo.BaseAddress, viaSilo.Token);
        using var directHttp = LoopbackHttp.Create(straight.BaseAddress);
        var grainCall = new Series("ms");
        var subscribe = new Series("ms");
        var unsubscribe = new Series("ms");
        var open = new Series("ms");
        var inSiloFirst = new Series("ms");
        var directKept = new Series("ms");
        var upstreamAlone = new Series("ms");
        var upstreamProbe = straight with { BaseAddress = new Uri($"http://127.0.0.1:{upstreamPort}/") };
        var freshHealth = new Series("ms");
        var keptHealth = new Series("ms");
        for (var i = 0; i < reps + 5; i++)
        {
            var warm = i >= 5;
            var start = Stopwatch.GetTimestamp();
            await grain.GetStateAsync();
            Add(warm, grainCall, start);

            start = Stopwatch.GetTimestamp();
            var inbox = await StreamInbox.SubscribeAsync<ChatEvent>(client, OrchestratorStreams.Chat(Guid.NewGuid()));
            Add(warm, subscribe, start);
            start = Stopwatch.GetTimestamp();
            await inbox.DisposeAsync();
            Add(warm, unsubscribe, start);

            // A chat as the HTTP endpoint opens it, without HTTP: subscribe, OpenChatAsync, then the first delta off the stream.
            start = Stopwatch.GetTimestamp();
            var events = await ModelChats.OpenAsync(client, modelId, request);
            Add(warm, open, start);
            var first = false;
            await foreach (var chatEvent in events)
            {
                if (!first && chatEvent is ChatDelta)
                {
                    first = true;
                    Add(warm, inSiloFirst, start);
                }
            }

            var direct = await straight.OnceAsync(directHttp);
            if (warm)
            {
                directKept.Add(direct);
            }

            // The silo's own upstream request, alone: its pooled client to the model's server, first token.
            var alone = await FirstTokenProbe.FirstTokenAsync(Grains.Chat.UpstreamHttp.Client, upstreamProbe);
            if (warm)
            {
                upstreamAlone.Add(alone);
            }

            start = Stopwatch.GetTimestamp();
            using (var fresh = LoopbackHttp.Create(viaSilo.BaseAddress))
            {
                (await fresh.GetAsync(new Uri("/healthz", UriKind.Relative))).Dispose();
            }

            Add(warm, freshHealth, start);
            start = Stopwatch.GetTimestamp();
            (await siloHttp.GetAsync(new Uri("/healthz", UriKind.Relative))).Dispose();
            Add(warm, keptHealth, start);
        }

        return $"grain call (GetStateAsync) {grainCall.Median:0.000} ms; subscribe to a new chat stream {subscribe.Median:0.000} ms, unsubscribe {unsubscribe.Median:0.000} ms; "
            + $"ModelChats.OpenAsync (subscribe + OpenChatAsync) {open.Median:0.000} ms, → first delta in-process {inSiloFirst.Median:0.000} ms "
            + $"vs direct kept-alive HTTP first token {directKept.Median:0.000} ms (the silo's pooled upstream client alone, to its server: {upstreamAlone.Median:0.000} ms); GET /healthz fresh connection {freshHealth.Median:0.000} ms vs kept-alive {keptHealth.Median:0.000} ms";
    }

    private static void Add(bool warm, Series into, long start)
    {
        if (warm)
        {
            into.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }
}
