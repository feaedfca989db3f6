using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P8: the silo's resident memory as its own process: idle (after a first list), and the growth per running model (the
/// silo's side only: the server is another process). VmRSS counts shared libraries too; private anonymous memory
/// (smaps_rollup) is what the silo allocated. The baseline is a bare Kestrel process (FakeLlamaServer, idle).
/// </summary>
public sealed class MemoryScenario : Scenario
{
    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P8a", "silo resident memory idle, VmRSS (vs bare Kestrel process)", "≤ 60 MB (median)"),
        new("P8b", "silo private anonymous memory idle (vs bare Kestrel process)", "— (reported)"),
        new("P8c", "silo growth per running model, VmRSS", "≤ 1 MB (median)"),
        new("P8d", "silo growth per running model, private anonymous", "≤ 1 MB (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var extraModels = context.Quick ? 2 : 8;
        var settle = TimeSpan.FromMilliseconds(context.Quick ? 200 : 1000);
        var idleRss = new Series("MB");
        var idleAnon = new Series("MB");
        var perModelRss = new Series("MB");
        var perModelAnon = new Series("MB");
        var bareRss = new Series("MB");
        var bareAnon = new Series("MB");
        var childRss = new Series("MB");
        var reps = context.Reps(3);
        context.Progress($"P8: {reps} silo processes, {extraModels + 1} models each");
        for (var r = 0; r < reps; r++)
        {
            var folder = context.NewFolder($"p8-{r}");
            var scenario = new FakeScenario { LoadMs = 0 };
            var models = Enumerable.Range(0, extraModels + 1)
                .Select(i => new BenchModel($"bench/memory-{i}:fake", scenario.WriteToFile(folder, $"model-{i}.json")))
                .ToList();
            var registry = BenchModel.WriteRegistry(folder, models);

            // Interleaved: the bare process and the silo are measured in the same round, one after the other.
            await using (var bare = DirectServer.Start(RepoPaths.FakeServer, models[0].DirectArguments))
            {
                await bare.WaitReadyAsync(TimeSpan.FromSeconds(30));
                using var http = LoopbackHttp.Create(bare.BaseAddress);
                (await http.GetAsync(new Uri("/health", UriKind.Relative))).Dispose();
                var memory = await SampleAsync(bare.Pid, settle);
                bareRss.Add(memory.VmRssMb);
                bareAnon.Add(memory.AnonymousMb);
            }

            await using var silo = await SiloProcess.StartAsync(folder, registry, TimeSpan.FromSeconds(60));
            for (var i = 0; i < 3; i++)
            {
                (await silo.Http.GetAsync(new Uri("/v1/models", UriKind.Relative))).EnsureSuccessStatusCode().Dispose();
            }

            var idle = await SampleAsync(silo.Pid, settle);
            idleRss.Add(idle.VmRssMb);
            idleAnon.Add(idle.AnonymousMb);

            // The first model warms every code path (spawn, readiness, chat); the growth is measured beyond it.
            var firstPid = await StartAndChatAsync(silo, models[0]);
            var one = await SampleAsync(silo.Pid, settle);
            childRss.Add(ProcMemory.Read(firstPid).VmRssMb);
            foreach (var model in models.Skip(1))
            {
                await StartAndChatAsync(silo, model);
            }

            var all = await SampleAsync(silo.Pid, settle);
            perModelRss.Add((all.VmRssMb - one.VmRssMb) / extraModels);
            perModelAnon.Add((all.AnonymousMb - one.AnonymousMb) / extraModels);
        }

        var samples = idleRss.Count;
        return
        [
            new BenchRow("P8a", Rows[0].What, idleRss.Describe("0.0"), bareRss.Describe("0.0"), $"{idleRss.Median - bareRss.Median:+0.0;-0.0} MB",
                Rows[0].Goal, BenchRow.Judge(idleRss.Median <= 60), samples,
                $"file-backed part of the silo's VmRSS (shared libraries): {idleRss.Median - idleAnon.Median:0.0} MB"),
            new BenchRow("P8b", Rows[1].What, idleAnon.Describe("0.0"), bareAnon.Describe("0.0"), $"{idleAnon.Median - bareAnon.Median:+0.0;-0.0} MB",
                Rows[1].Goal, Verdict.Info, samples),
            new BenchRow("P8c", Rows[2].What, perModelRss.Describe("0.00"), "0 (the server is its own process)", $"{perModelRss.Median:+0.00;-0.00} MB",
                Rows[2].Goal, BenchRow.Judge(perModelRss.Median <= 1), samples,
                $"over {extraModels} models after a first one, each started and chatted with once; a server's own VmRSS, not counted: {childRss.Describe("0.0")}"),
            new BenchRow("P8d", Rows[3].What, perModelAnon.Describe("0.00"), "0", $"{perModelAnon.Median:+0.00;-0.00} MB",
                Rows[3].Goal, BenchRow.Judge(perModelAnon.Median <= 1), samples),
        ];
    }

    private static async Task<int> StartAndChatAsync(SiloProcess silo, BenchModel model)
    {
        using var start = await silo.Http.PostAsync(new Uri($"/v1/models/{model.Segment}/start", UriKind.Relative), null);
        var view = System.Text.Json.JsonDocument.Parse(await start.EnsureSuccessStatusCode().Content.ReadAsStringAsync()).RootElement;
        using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(30));
        using var chat = await LoopbackHttp.PostStreamingAsync(silo.Http, $"/v1/models/{model.Segment}/chat", ChatBodies.Silo(null), deadline.Token);
        await using var body = await chat.Content.ReadAsStreamAsync(deadline.Token);
        var (_, terminal) = await Sse.DrainSiloAsync(body, deadline.Token);
        return terminal == "done" ? view.GetProperty("pid").GetInt32() : throw new InvalidOperationException($"chat with {model.Id} ended with {terminal}");
    }

    /// <summary>After <paramref name="settle"/>, the median of five readings 100 ms apart (the GC and the pools move it a little).</summary>
    private static async Task<ProcMemory> SampleAsync(int pid, TimeSpan settle)
    {
        await Task.Delay(settle);
        var readings = new List<ProcMemory>();
        for (var i = 0; i < 5; i++)
        {
            readings.Add(ProcMemory.Read(pid));
            await Task.Delay(100);
        }

        return new ProcMemory(
            Stats.Median(readings.Select(m => m.VmRssMb).ToList()),
            Stats.Median(readings.Select(m => m.AnonymousMb).ToList()),
            Stats.Median(readings.Select(m => m.RssFileMb).ToList()));
    }
}
