using System.Diagnostics;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P9: what the silo costs while nothing happens, against the engine's floor: a bare Orleans silo with one Kestrel endpoint
/// (bench/Orchestrator.BareSilo), each its own process, both idle over the same window. CPU is utime + stime over the
/// window as % of one core; memory is read at its end. P8a/P8b keep the comparison with a bare Kestrel process.
/// </summary>
public sealed class IdleScenario : Scenario
{
    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P9a", "silo idle CPU, % of one core (vs bare Orleans silo + Kestrel)", "≤ floor + 0.5 pp (median)"),
        new("P9b", "silo idle VmRSS (vs bare Orleans silo + Kestrel)", "≤ floor + 15 MB (median)"),
        new("P9c", "silo idle private anonymous memory (vs bare Orleans silo + Kestrel)", "— (reported)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var settle = TimeSpan.FromSeconds(context.Quick ? 1 : 5);
        var window = TimeSpan.FromSeconds(context.Quick ? 2 : 15);
        var models = context.Quick ? 2 : 4;
        var cpu = new Series("%");
        var bareCpu = new Series("%");
        var rss = new Series("MB");
        var bareRss = new Series("MB");
        var anon = new Series("MB");
        var bareAnon = new Series("MB");
        var reps = context.Reps(3);
        context.Progress($"P9: {reps} × (silo with {models} models, none running) beside a bare Orleans silo, idle {window.TotalSeconds:0} s after {settle.TotalSeconds:0} s");
        for (var r = 0; r < reps; r++)
        {
            var folder = context.NewFolder($"p9-{r}");
            var scenario = new FakeScenario { LoadMs = 0 };
            var registry = BenchModel.WriteRegistry(folder, Enumerable.Range(0, models)
                .Select(i => new BenchModel($"bench/idle-{i}:fake", scenario.WriteToFile(folder, $"model-{i}.json"))));

            await using var bare = DirectServer.Start("dotnet", [RepoPaths.BareSiloDll]);
            await using var silo = await SiloProcess.StartAsync(folder, registry, TimeSpan.FromSeconds(60));
            await bare.WaitReadyAsync(TimeSpan.FromSeconds(60));
            using var bareHttp = LoopbackHttp.Create(bare.BaseAddress);

            // A user's first look (and the floor's one endpoint), so both idle after their first requests, not before them.
            for (var i = 0; i < 3; i++)
            {
                (await silo.Http.GetAsync(new Uri("/v1/models", UriKind.Relative))).EnsureSuccessStatusCode().Dispose();
                (await bareHttp.GetAsync(new Uri("/", UriKind.Relative))).EnsureSuccessStatusCode().Dispose();
            }

            // Both processes idle over the same window: whatever else the machine does lands on both.
            await Task.Delay(settle);
            var started = Stopwatch.GetTimestamp();
            var siloBefore = ProcessCpu.Of(silo.Pid);
            var bareBefore = ProcessCpu.Of(bare.Pid);
            await Task.Delay(window);
            var elapsed = Stopwatch.GetElapsedTime(started);
            cpu.Add(100 * (ProcessCpu.Of(silo.Pid) - siloBefore) / elapsed);
            bareCpu.Add(100 * (ProcessCpu.Of(bare.Pid) - bareBefore) / elapsed);

            var siloMemory = ProcMemory.Read(silo.Pid);
            var bareMemory = ProcMemory.Read(bare.Pid);
            rss.Add(siloMemory.VmRssMb);
            anon.Add(siloMemory.AnonymousMb);
            bareRss.Add(bareMemory.VmRssMb);
            bareAnon.Add(bareMemory.AnonymousMb);
        }

        var note = $"{models} FakeLlamaServer models in models.json, none running; {settle.TotalSeconds:0} s settle, then {window.TotalSeconds:0} s "
            + "measured on both processes at once (utime + stime from /proc/<pid>/stat, 10 ms ticks); both run as `dotnet <dll>`; "
            + "the floor is a slim WebApplication + UseOrleans (localhost clustering, no gateway) + one MapGet, no streams";
        return
        [
            new BenchRow("P9a", Rows[0].What, cpu.Describe(), bareCpu.Describe(), $"{cpu.Median - bareCpu.Median:+0.00;-0.00} pp",
                Rows[0].Goal, BenchRow.Judge(cpu.Median <= bareCpu.Median + 0.5), cpu.Count, note),
            new BenchRow("P9b", Rows[1].What, rss.Describe("0.0"), bareRss.Describe("0.0"), $"{rss.Median - bareRss.Median:+0.0;-0.0} MB",
                Rows[1].Goal, BenchRow.Judge(rss.Median <= bareRss.Median + 15), rss.Count),
            new BenchRow("P9c", Rows[2].What, anon.Describe("0.0"), bareAnon.Describe("0.0"), $"{anon.Median - bareAnon.Median:+0.0;-0.0} MB",
                Rows[2].Goal, Verdict.Info, anon.Count),
        ];
    }
}
