using System.Diagnostics;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P6: stop latency (<c>POST /v1/models/{id}/stop</c> until it answers Stopped) of a model with chats in flight, whose server
/// (like llama-server) ignores SIGTERM while requests are in flight, against stopping the same model idle.
/// </summary>
public sealed class StopScenario : Scenario
{
    private const string ModelId = "bench/stop:fake";
    private const int Streams = 4;

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P6", $"stop latency with {Streams} streams in flight (vs idle stop)", "≤ 100 ms (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p6");
        var model = new BenchModel(ModelId, new FakeScenario { LoadMs = 0, TokenDelayMs = 10, TokenCount = 1_000_000, IgnoreSigtermInFlight = true }.WriteToFile(folder, "fake-model.json"));
        await using var silo = await InProcessSilo.StartAsync(folder, [model]);
        var busy = new Series("ms");
        var idle = new Series("ms");
        var endings = new List<string>();

        async Task BusyOnce(bool record)
        {
            await silo.StartModelAsync(ModelId);
            await using var load = await ChatLoad.OpenAsync(silo, ModelId, Streams, TimeSpan.FromSeconds(30));
            var elapsed = await TimeStopAsync(silo);
            endings.AddRange(await load.EndingsAsync(TimeSpan.FromSeconds(10)));
            if (record)
            {
                busy.Add(elapsed);
            }
        }

        async Task IdleOnce(bool record)
        {
            await silo.StartModelAsync(ModelId);
            var elapsed = await TimeStopAsync(silo);
            if (record)
            {
                idle.Add(elapsed);
            }
        }

        await BusyOnce(record: false);
        await IdleOnce(record: false);
        var reps = context.Reps(20);
        context.Progress($"P6: {reps} stops each way");
        for (var i = 0; i < reps; i++)
        {
            if (i % 2 == 0)
            {
                await BusyOnce(record: true);
                await IdleOnce(record: true);
            }
            else
            {
                await IdleOnce(record: true);
                await BusyOnce(record: true);
            }
        }

        var wrong = endings.Where(e => !e.StartsWith("error:", StringComparison.Ordinal) || !e.Contains("model-stopped", StringComparison.Ordinal)).ToList();
        var spec = Rows[0];
        return
        [
            new BenchRow(spec.Id, spec.What, busy.Describe("0.0"), idle.Describe("0.0"), $"{busy.Median - idle.Median:+0.0;-0.0} ms",
                spec.Goal, BenchRow.Judge(busy.Median <= 100), reps,
                wrong.Count == 0
                    ? $"every stream ended with a model-stopped error event ({endings.Count} streams)"
                    : $"{wrong.Count} of {endings.Count} streams did not end with model-stopped: {wrong[0]}"),
        ];
    }

    private static async Task<double> TimeStopAsync(InProcessSilo silo)
    {
        var start = Stopwatch.GetTimestamp();
        var view = await silo.StopModelAsync(ModelId);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return view.GetProperty("status").GetString() == "Stopped"
            ? elapsed
            : throw new InvalidOperationException($"stop answered {view}");
    }
}
