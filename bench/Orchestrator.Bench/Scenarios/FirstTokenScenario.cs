using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P1: time from sending a chat to its first token, through the silo and straight to the same kind of server: on a
/// kept-alive connection (a long-lived client) and on a new TCP connection per chat (a new client, a script, the CLI).
/// P1b's note breaks the silo's path down (<see cref="FirstTokenBreakdown"/>).
/// </summary>
public sealed class FirstTokenScenario : Scenario
{
    private const string ModelId = "bench/first-token:fake";
    private const string RealModelId = "bench/first-token:real";

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P1", "first-token latency, FakeLlamaServer, kept-alive connection (silo vs direct)", "≤ +1 ms (median)"),
        new("P1b", "first-token latency, FakeLlamaServer, new TCP connection per chat (silo vs direct)", "≤ +1 ms (median)"),
        new("P1c", "first-token latency, real llama-server, new TCP connection per chat (silo vs direct)", "≤ +1 ms (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p1");
        var model = new BenchModel(ModelId, new FakeScenario { LoadMs = 0, TokenDelayMs = 0 }.WriteToFile(folder, "fake-model.json"));
        await using var silo = await InProcessSilo.StartAsync(folder, [model]);
        var upstreamPort = (await silo.StartModelAsync(ModelId)).GetProperty("port").GetInt32();
        await using var direct = DirectServer.Start(RepoPaths.FakeServer, model.DirectArguments);
        await direct.WaitReadyAsync(TimeSpan.FromSeconds(30));

        var (viaSilo, straight) = Probes(silo, model, direct, ChatBodies.Silo(null), ChatBodies.Direct(ModelId, null));
        var results = await CompareAsync(context, "P1/P1b (FakeLlamaServer)", viaSilo, straight, context.Reps(400), context.Quick ? 1 : 30);
        context.Progress("P1b: breakdown of the silo's path");
        var breakdown = await FirstTokenBreakdown.MeasureAsync(silo, ModelId, upstreamPort, viaSilo, straight, context.Reps(200));

        return
        [
            Row(Rows[0], results.KeptSilo, results.KeptDirect, null),
            Row(Rows[1], results.FreshSilo, results.FreshDirect, breakdown),
            await RealAsync(context),
        ];
    }

    private async Task<BenchRow> RealAsync(BenchContext context)
    {
        var spec = Rows[2];
        if (context.Real is not { } real)
        {
            return BenchRow.NotAvailable(spec.Id, spec.What, spec.Goal, "set LLAMA_SERVER_PATH and ORCH_BENCH_MODEL to a llama-server and a GGUF model");
        }

        var folder = context.NewFolder("p1c");
        var model = real.AsModel(RealModelId);
        await using var silo = await InProcessSilo.StartAsync(folder, [model], real.Binary);
        await silo.StartModelAsync(RealModelId);
        await using var direct = DirectServer.Start(real.Binary, model.DirectArguments);
        await direct.WaitReadyAsync(TimeSpan.FromSeconds(120));

        // Four tokens: the first token is what is timed, the rest only has to finish before the next chat.
        var extras = ChatBodies.RealServerExtras();
        var (viaSilo, straight) = Probes(silo, model, direct, ChatBodies.Silo(4, extras), ChatBodies.Direct(RealModelId, 4, extras));
        var results = await CompareAsync(context, "P1c (real llama-server)", viaSilo, straight, context.Reps(100), context.Quick ? 1 : 10);
        return Row(spec, results.FreshSilo, results.FreshDirect,
            $"{Path.GetFileName(real.Model)}, one slot, 4 tokens per chat; kept-alive connection: silo {results.KeptSilo.Describe()} vs direct "
            + $"{results.KeptDirect.Describe()} ({results.KeptSilo.Median - results.KeptDirect.Median:+0.00;-0.00} ms)");
    }

    private static (FirstTokenProbe Silo, FirstTokenProbe Direct) Probes(InProcessSilo silo, BenchModel model, DirectServer direct, string siloBody, string directBody) =>
        (new FirstTokenProbe(new Uri(silo.Info.Url), silo.Info.Token, $"/v1/models/{model.Segment}/chat", siloBody, Sse.IsSiloToken),
         new FirstTokenProbe(direct.BaseAddress, null, "/v1/chat/completions", directBody, Sse.IsDirectToken));

    private sealed record Results(Series KeptSilo, Series KeptDirect, Series FreshSilo, Series FreshDirect);

    /// <summary>The four variants interleaved, each round starting with a different one, so none always follows the same work.</summary>
    private static async Task<Results> CompareAsync(BenchContext context, string label, FirstTokenProbe viaSilo, FirstTokenProbe straight, int reps, int warmUp)
    {
        using var siloHttp = LoopbackHttp.Create(viaSilo.BaseAddress, viaSilo.Token);
        using var directHttp = LoopbackHttp.Create(straight.BaseAddress);
        var results = new Results(new Series("ms"), new Series("ms"), new Series("ms"), new Series("ms"));
        var variants = new (Series Into, Func<Task<double>> Once)[]
        {
            (results.KeptSilo, () => viaSilo.OnceAsync(siloHttp)),
            (results.KeptDirect, () => straight.OnceAsync(directHttp)),
            (results.FreshSilo, viaSilo.FreshAsync),
            (results.FreshDirect, straight.FreshAsync),
        };
        for (var i = 0; i < warmUp; i++)
        {
            foreach (var (_, once) in variants)
            {
                await once();
            }
        }

        context.Progress($"{label}: {reps} chats each way, kept-alive and fresh connections");
        for (var i = 0; i < reps; i++)
        {
            for (var v = 0; v < variants.Length; v++)
            {
                var (into, once) = variants[(i + v) % variants.Length];
                into.Add(await once());
            }
        }

        return results;
    }

    private static BenchRow Row(RowSpec spec, Series viaSilo, Series straight, string? note)
    {
        var delta = viaSilo.Median - straight.Median;
        return new BenchRow(spec.Id, spec.What, viaSilo.Describe(), straight.Describe(), $"{delta:+0.00;-0.00} ms (p99 {viaSilo.P99 - straight.P99:+0.00;-0.00} ms)",
            spec.Goal, BenchRow.Judge(delta <= 1.0), viaSilo.Count, note);
    }
}
