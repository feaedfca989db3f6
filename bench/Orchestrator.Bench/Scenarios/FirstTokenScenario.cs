using System.Diagnostics;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>P1: time from sending a chat to its first token, through the silo and straight to the same kind of server.</summary>
public sealed class FirstTokenScenario : Scenario
{
    private const string ModelId = "bench/first-token:fake";

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P1", "first-token latency, FakeLlamaServer (silo vs direct)", "≤ +1 ms (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p1");
        var model = new BenchModel(ModelId, new FakeScenario { LoadMs = 0, TokenDelayMs = 0 }.WriteToFile(folder, "fake-model.json"));
        await using var silo = await InProcessSilo.StartAsync(folder, [model]);
        await silo.StartModelAsync(ModelId);
        await using var direct = DirectServer.Start(RepoPaths.FakeServer, model.DirectArguments);
        await direct.WaitReadyAsync(TimeSpan.FromSeconds(30));
        using var directHttp = LoopbackHttp.Create(direct.BaseAddress);

        var viaSilo = new Series("ms");
        var straight = new Series("ms");
        var siloPath = $"/v1/models/{model.Segment}/chat";
        var siloBody = ChatBodies.Silo(null);
        var directBody = ChatBodies.Direct(ModelId, null);

        async Task<double> SiloOnce() => await FirstTokenAsync(silo.Http, siloPath, siloBody, Sse.IsSiloToken);
        async Task<double> DirectOnce() => await FirstTokenAsync(directHttp, "/v1/chat/completions", directBody, Sse.IsDirectToken);

        for (var i = 0; i < (context.Quick ? 1 : 30); i++)
        {
            await SiloOnce();
            await DirectOnce();
        }

        var reps = context.Reps(400);
        context.Progress($"P1: {reps} chats each way");
        for (var i = 0; i < reps; i++)
        {
            // Alternate which side goes first, so neither always runs right after the other's work.
            if (i % 2 == 0)
            {
                viaSilo.Add(await SiloOnce());
                straight.Add(await DirectOnce());
            }
            else
            {
                straight.Add(await DirectOnce());
                viaSilo.Add(await SiloOnce());
            }
        }

        var delta = viaSilo.Median - straight.Median;
        var deltaP99 = viaSilo.P99 - straight.P99;
        var spec = Rows[0];
        return
        [
            new BenchRow(spec.Id, spec.What, viaSilo.Describe(), straight.Describe(), $"{delta:+0.00;-0.00} ms (p99 {deltaP99:+0.00;-0.00} ms)",
                spec.Goal, BenchRow.Judge(delta <= 1.0), reps),
        ];
    }

    /// <summary>Sends a chat, returns the milliseconds to its first token event, then reads the rest (outside the timing).</summary>
    private static async Task<double> FirstTokenAsync(HttpClient http, string path, string body, Func<System.Net.ServerSentEvents.SseItem<string>, bool> isToken)
    {
        using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(30));
        var start = Stopwatch.GetTimestamp();
        using var response = await LoopbackHttp.PostStreamingAsync(http, path, body, deadline.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        double? first = null;
        await foreach (var item in Sse.ReadAsync(stream, deadline.Token))
        {
            if (first is null && isToken(item))
            {
                first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException($"POST {path}: the stream carried no token");
    }
}
