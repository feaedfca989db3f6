using System.Diagnostics;
using System.Text.Json.Nodes;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P2: streaming throughput, token events per second at the client, through the silo and straight to the same server:
/// FakeLlamaServer flat out (no delay between tokens), and a real llama-server when one is configured.
/// </summary>
public sealed class ThroughputScenario : Scenario
{
    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P2a", "streaming throughput, FakeLlamaServer flat out (silo / direct)", "≥ 20,000 events/s and ratio ≥ 0.97 (median)"),
        new("P2b", "streaming throughput, real llama-server, default threads (silo / direct)", "ratio ≥ 0.97 (median)"),
        new("P2c", "streaming throughput, real llama-server with -t 1: a core left free (silo / direct)", "ratio ≥ 0.97 (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var rows = new List<BenchRow>();
        var folder = context.NewFolder("p2");
        var tokens = context.Quick ? 500 : 20_000;
        var fake = new BenchModel("bench/throughput:fake", new FakeScenario { LoadMs = 0, TokenDelayMs = 0, TokenCount = tokens }.WriteToFile(folder, "fake-model.json"));
        var (silo, direct) = await MeasureAsync(context, folder, fake, RepoPaths.FakeServer, maxTokens: null, extra: null, reps: context.Reps(12), label: "P2a");
        var ratio = PairRatio(silo.Rate, direct.Rate);
        var spec = Rows[0];
        rows.Add(new BenchRow(spec.Id, spec.What, Describe(silo.Rate), Describe(direct.Rate), $"×{ratio:0.000}", spec.Goal,
            BenchRow.Judge(silo.Rate.Median >= 20_000 && ratio >= 0.97), silo.Rate.Count,
            $"{tokens} tokens per chat; p99 here is the slowest 1 % of runs. CPU per token event (median): this process (silo + client) " +
            $"{silo.ClientCpu.Median:0.00} µs vs (client alone) {direct.ClientCpu.Median:0.00} µs; the server {silo.ServerCpu.Median:0.00} µs vs {direct.ServerCpu.Median:0.00} µs"));

        foreach (var (variant, threads) in new[] { (Rows[1], Array.Empty<string>()), (Rows[2], new[] { "-t", "1" }) })
        {
            if (context.Real is not { } real)
            {
                rows.Add(BenchRow.NotAvailable(variant.Id, variant.What, variant.Goal, "set LLAMA_SERVER_PATH and ORCH_BENCH_MODEL to a llama-server binary and a GGUF model"));
                continue;
            }

            var realFolder = context.NewFolder($"p2-real-{variant.Id}");
            var realTokens = context.Quick ? 16 : 384;
            var (realSilo, realDirect) = await MeasureAsync(context, realFolder, real.AsModel($"bench/throughput:{variant.Id}", threads), real.Binary,
                realTokens, ChatBodies.RealServerExtras(), context.Reps(10), variant.Id);
            var realRatio = PairRatio(realSilo.Rate, realDirect.Rate);
            rows.Add(new BenchRow(variant.Id, variant.What, Describe(realSilo.Rate), Describe(realDirect.Rate), $"×{realRatio:0.000}", variant.Goal,
                BenchRow.Judge(realRatio >= 0.97), realSilo.Rate.Count,
                $"{Path.GetFileName(real.Model)}, {realTokens} tokens per chat (ignore_eos), one slot. CPU per token event (median): this process " +
                $"{realSilo.ClientCpu.Median:0.0} µs vs {realDirect.ClientCpu.Median:0.0} µs; llama-server {realSilo.ServerCpu.Median:0.0} µs vs {realDirect.ServerCpu.Median:0.0} µs"));
        }

        return rows;
    }

    private static string Describe(Series rates) =>
        $"{rates.Median:#,0} / {Stats.Percentile(rates.Values, 1):#,0} events/s";

    /// <summary>The median of the per-pair ratios: each silo run against the direct run next to it.</summary>
    private static double PairRatio(Series silo, Series direct) =>
        Stats.Median(silo.Values.Zip(direct.Values, (s, d) => s / d).ToList());

    /// <summary>Per run: token events per second at the client, and CPU microseconds per token event in this process and in the server.</summary>
    private sealed record Side(Series Rate, Series ClientCpu, Series ServerCpu)
    {
        public Side()
            : this(new("events/s"), new("µs"), new("µs"))
        {
        }

        public void Add(double tokens, double seconds, TimeSpan clientCpu, TimeSpan serverCpu)
        {
            Rate.Add(tokens / seconds);
            ClientCpu.Add(clientCpu.TotalMicroseconds / tokens);
            ServerCpu.Add(serverCpu.TotalMicroseconds / tokens);
        }
    }

    private static async Task<(Side Silo, Side Direct)> MeasureAsync(
        BenchContext context, string folder, BenchModel model, string binary, int? maxTokens, JsonObject? extra, int reps, string label)
    {
        await using var silo = await InProcessSilo.StartAsync(folder, [model], binary);
        var siloServerPid = (await silo.StartModelAsync(model.Id)).GetProperty("pid").GetInt32();
        await using var direct = DirectServer.Start(binary, model.DirectArguments);
        await direct.WaitReadyAsync(TimeSpan.FromSeconds(60));
        using var directHttp = LoopbackHttp.Create(direct.BaseAddress);

        var siloPath = $"/v1/models/{model.Segment}/chat";
        var siloBody = ChatBodies.Silo(maxTokens, extra);
        var directBody = ChatBodies.Direct(model.Id, maxTokens, extra);

        var siloSide = new Side();
        var directSide = new Side();

        async Task SiloOnce(bool record)
        {
            using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(120));
            var (cpu, serverCpu) = (ProcessCpu.Self(), ProcessCpu.Of(siloServerPid));
            var start = Stopwatch.GetTimestamp();
            using var response = await LoopbackHttp.PostStreamingAsync(silo.Http, siloPath, siloBody, deadline.Token);
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var (tokens, terminal) = await Sse.DrainSiloAsync(body, deadline.Token);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (terminal != "done")
            {
                throw new InvalidOperationException($"{label}: the silo's stream ended with {terminal}");
            }

            if (record)
            {
                siloSide.Add(tokens, seconds, ProcessCpu.Self() - cpu, ProcessCpu.Of(siloServerPid) - serverCpu);
            }
        }

        async Task DirectOnce(bool record)
        {
            using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(120));
            var (cpu, serverCpu) = (ProcessCpu.Self(), ProcessCpu.Of(direct.Pid));
            var start = Stopwatch.GetTimestamp();
            using var response = await LoopbackHttp.PostStreamingAsync(directHttp, "/v1/chat/completions", directBody, deadline.Token);
            await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
            var tokens = await Sse.DrainDirectAsync(body, deadline.Token);
            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (record)
            {
                directSide.Add(tokens, seconds, ProcessCpu.Self() - cpu, ProcessCpu.Of(direct.Pid) - serverCpu);
            }
        }

        await SiloOnce(record: false);
        await DirectOnce(record: false);
        context.Progress($"{label}: {reps} streams each way");
        for (var i = 0; i < reps; i++)
        {
            if (i % 2 == 0)
            {
                await SiloOnce(record: true);
                await DirectOnce(record: true);
            }
            else
            {
                await DirectOnce(record: true);
                await SiloOnce(record: true);
            }
        }

        return (siloSide, directSide);
    }
}
