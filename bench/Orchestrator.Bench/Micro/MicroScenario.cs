using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.Bench.Scenarios;

namespace Orchestrator.Bench.Micro;

/// <summary>
/// The micro-benchmarks (BenchmarkDotNet, in this process: no separate build). Each class has a baseline method and a
/// subject method; a row shows both per operation and their ratio. Quick mode runs BenchmarkDotNet's dry job.
/// </summary>
public sealed class MicroScenario : Scenario
{
    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("M2", "per-token forwarding cost: silo parse+forward vs SSE parse only (BenchmarkDotNet)", "— (reported)"),
    ];

    public override Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var artifacts = context.NewFolder("benchmarkdotnet");
        var job = (context.Quick ? Job.Dry : Job.Default.WithWarmupCount(4).WithIterationCount(context.Reps(20)))
            .WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateEmpty()
            .AddLogger(new TextLogger(context.Log))
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddJob(job)
            .WithArtifactsPath(artifacts)
            // In quick mode (CI, a Debug test build) the numbers do not count: allow a non-optimised assembly.
            .WithOptions(context.Quick ? ConfigOptions.DisableOptimizationsValidator : ConfigOptions.Default);

        context.Progress("M2: BenchmarkDotNet micro-benchmark");
        var sse = BenchmarkRunner.Run<SseForwardBenchmarks>(config);
        IReadOnlyList<BenchRow> rows =
        [
            Row(Rows[0], sse, nameof(SseForwardBenchmarks.ParseAndForward), nameof(SseForwardBenchmarks.ParseOnly), "ns/event"),
        ];
        return Task.FromResult(rows);
    }

    private static BenchRow Row(RowSpec spec, Summary summary, string subject, string baseline, string unit)
    {
        var s = Find(summary, subject);
        var b = Find(summary, baseline);
        if (s?.ResultStatistics is not { } subjectStats || b?.ResultStatistics is not { } baselineStats)
        {
            var why = summary.ValidationErrors.Select(e => e.Message).FirstOrDefault() ?? "BenchmarkDotNet produced no result";
            return new BenchRow(spec.Id, spec.What, "error", "—", "—", spec.Goal, Verdict.Error, 0, why);
        }

        return new BenchRow(spec.Id, spec.What, Describe(subjectStats, unit), Describe(baselineStats, unit),
            $"×{subjectStats.Median / baselineStats.Median:0.00} ({subjectStats.Median - baselineStats.Median:+#,0;-#,0} ns)",
            spec.Goal, Verdict.Info, subjectStats.N, "BenchmarkDotNet: median / p99 of the iterations' per-operation means");
    }

    private static string Describe(BenchmarkDotNet.Mathematics.Statistics stats, string unit) =>
        $"{stats.Median:#,0} / {stats.Percentiles.Percentile(99):#,0} {unit}";

    private static BenchmarkReport? Find(Summary summary, string method) =>
        summary.Reports.FirstOrDefault(r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method && r.Success);

    /// <summary>BenchmarkDotNet's log into the harness's progress writer.</summary>
    private sealed class TextLogger(TextWriter writer) : ILogger
    {
        public string Id => nameof(TextLogger);

        public int Priority => 0;

        public void Write(LogKind logKind, string text) => writer.Write(text);

        public void WriteLine() => writer.WriteLine();

        public void WriteLine(LogKind logKind, string text) => writer.WriteLine(text);

        public void Flush() => writer.Flush();
    }
}
