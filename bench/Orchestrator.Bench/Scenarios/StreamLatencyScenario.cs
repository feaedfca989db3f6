using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Streaming;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P10: stream delivery latency, grain publish → subscriber. A model's state change carries its time (State.Since), taken in
/// the grain just before it publishes the event; a subscriber that reads the clock on arrival measures publish → itself.
/// The in-silo subscriber is a StreamInbox on the silo's own IClusterClient (what every HTTP endpoint reads); the HTTP one
/// reads GET /v1/events as SSE over a kept-alive connection. Both get the same events, from start/stop cycles of a fake model.
/// </summary>
public sealed class StreamLatencyScenario : Scenario
{
    private const string ModelId = "bench/stream-latency:fake";

    /// <summary>Starting, Starting (with its pid), Running, Stopping, Stopped.</summary>
    private const int EventsPerCycle = 5;

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P10a", "stream delivery: grain publish → in-silo subscriber (vs a timestamp through a Channel)", "≤ 1 ms (median)"),
        new("P10b", "stream delivery: grain publish → /v1/events SSE reader over HTTP (vs in-silo subscriber)", "— (reported)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p10");
        var model = new BenchModel(ModelId, new FakeScenario { LoadMs = 0 }.WriteToFile(folder, "fake-model.json"));
        await using var silo = await InProcessSilo.StartAsync(folder, [model]);
        var client = silo.Services.GetRequiredService<IClusterClient>();
        var streams = silo.Services.GetRequiredService<IOptionsMonitor<InSiloStreamsOptions>>().Get(OrchestratorStreams.Provider);

        using var inSilo = new Arrivals();
        using var overHttp = new Arrivals();
        using var floor = new Arrivals();
        using var stop = new CancellationTokenSource();
        await using var inbox = await StreamInbox.SubscribeAsync<ModelStateChanged>(client, OrchestratorStreams.Events);
        var inSiloReader = ReadInSiloAsync(inbox, inSilo, stop.Token);
        using var events = await silo.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var httpReader = ReadSseAsync(await events.EnsureSuccessStatusCode().Content.ReadAsStreamAsync(), overHttp, stop.Token);
        var hop = Channel.CreateUnbounded<DateTimeOffset>(new UnboundedChannelOptions { SingleReader = true });
        var floorReader = ReadFloorAsync(hop.Reader, floor, stop.Token);

        // Warm-up cycles (the first start JIT-compiles the paths and creates the streams); their events are not counted.
        var warmUp = context.Quick ? 1 : 5;
        for (var i = 0; i < warmUp; i++)
        {
            await silo.StartModelAsync(ModelId);
            await silo.StopModelAsync(ModelId);
        }

        await inSilo.WaitAsync(warmUp);
        await overHttp.WaitAsync(warmUp);
        inSilo.Recording = overHttp.Recording = floor.Recording = true;

        var cycles = context.Reps(60);
        context.Progress($"P10: {cycles} start/stop cycles, 5 state changes each, to an in-silo and an SSE subscriber");
        for (var i = 0; i < cycles; i++)
        {
            await silo.StartModelAsync(ModelId);
            await silo.StopModelAsync(ModelId);
            await inSilo.WaitAsync(1);
            await overHttp.WaitAsync(1);
            // The floor, as many times as a cycle has events: the clock read, a Channel write and a waiting reader's wake-up.
            for (var e = 0; e < EventsPerCycle; e++)
            {
                hop.Writer.TryWrite(DateTimeOffset.UtcNow);
                await floor.WaitAsync(1);
            }
        }

        await stop.CancelAsync();
        hop.Writer.TryComplete();
        await Task.WhenAll(Quietly(inSiloReader), Quietly(httpReader), Quietly(floorReader));

        var note = $"provider \"{OrchestratorStreams.Provider}\": in-silo queues, long-poll; PullingPeriod {Ms(streams.PullingPeriod)}, "
            + $"LongPollTimeout {streams.LongPollTimeout.TotalSeconds:0.#} s, CacheSize {streams.CacheSize}, {streams.QueueCount} queue(s). "
            + "Publish time = State.Since (the grain's clock just before OnNextAsync); arrival = the reader's clock when the item comes out of "
            + "StreamInbox (in-silo) or out of the SSE parser (HTTP). Events: Starting, Starting (pid), Running, Stopping, Stopped of a FakeLlamaServer model; "
            + "the grain is spawning or killing a process meanwhile, so these are busy moments, not idle ones";
        return
        [
            new BenchRow("P10a", Rows[0].What, inSilo.Lags.Describe("0.000"), floor.Lags.Describe("0.000"), $"{inSilo.Lags.Median - floor.Lags.Median:+0.000;-0.000} ms",
                Rows[0].Goal, BenchRow.Judge(inSilo.Lags.Median <= 1.0), inSilo.Lags.Count, note),
            new BenchRow("P10b", Rows[1].What, overHttp.Lags.Describe("0.000"), inSilo.Lags.Describe("0.000"), $"{overHttp.Lags.Median - inSilo.Lags.Median:+0.000;-0.000} ms",
                Rows[1].Goal, Verdict.Info, overHttp.Lags.Count, "the same events as P10a; SSE written by the silo's /v1/events endpoint, read by HttpClient + SseParser"),
        ];
    }

    private static string Ms(TimeSpan span) => $"{span.TotalMilliseconds:0.###} ms";

    private static async Task ReadInSiloAsync(StreamInbox<ModelStateChanged> inbox, Arrivals into, CancellationToken cancellationToken)
    {
        await foreach (var change in inbox.ReadAllAsync(cancellationToken))
        {
            var lag = (DateTimeOffset.UtcNow - change.State.Since).TotalMilliseconds;
            if (change.State.Id.Value == ModelId)
            {
                into.Add(lag, change.State.Status == ModelStatus.Stopped);
            }
        }
    }

    private static async Task ReadSseAsync(Stream body, Arrivals into, CancellationToken cancellationToken)
    {
        await foreach (var item in Sse.ReadAsync(body, cancellationToken))
        {
            var arrived = DateTimeOffset.UtcNow;
            if (item.EventType == "state")
            {
                using var doc = JsonDocument.Parse(item.Data);
                var since = doc.RootElement.GetProperty("since").GetDateTimeOffset();
                into.Add((arrived - since).TotalMilliseconds, doc.RootElement.GetProperty("status").GetString() is { } status && status.Equals(nameof(ModelStatus.Stopped), StringComparison.OrdinalIgnoreCase));
            }
        }
    }

    private static async Task ReadFloorAsync(ChannelReader<DateTimeOffset> reader, Arrivals into, CancellationToken cancellationToken)
    {
        await foreach (var sent in reader.ReadAllAsync(cancellationToken))
        {
            into.Add((DateTimeOffset.UtcNow - sent).TotalMilliseconds, endsRound: true);
        }
    }

    private static async Task Quietly(Task reader)
    {
        try
        {
            await reader;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }
    }
}
