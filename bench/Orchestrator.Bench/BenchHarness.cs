using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Micro;
using Orchestrator.Bench.Reporting;
using Orchestrator.Bench.Scenarios;

namespace Orchestrator.Bench;

/// <summary>The results of one run.</summary>
public sealed record BenchReport(MachineInfo Machine, IReadOnlyList<BenchRow> Rows, string Markdown);

/// <summary>Runs every scenario (or those asked for), one after the other, and renders the table.</summary>
public static class BenchHarness
{
    /// <summary>Every scenario, in table order.</summary>
    public static IReadOnlyList<Scenario> AllScenarios() =>
    [
        new FirstTokenScenario(),
        new ThroughputScenario(),
        new StartScenario(),
        new StatusUnderLoadScenario(),
        new StopScenario(),
        new CliStartupScenario(),
        new ClientChatScenario(),
        new ClusterChatScenario(),
        new MemoryScenario(),
        new IdleScenario(),
        new StreamLatencyScenario(),
        new MicroScenario(),
    ];

    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter log)
    {
        var machine = MachineInfo.Describe();
        var rows = new List<BenchRow>();
        using (var context = new BenchContext(options, log))
        {
            foreach (var scenario in AllScenarios().Where(s => Selected(s, options)))
            {
                rows.AddRange(await scenario.RunSafelyAsync(context));
            }
        }

        var markdown = MarkdownReport.Render(machine, rows, options.Quick);
        if (options.OutputPath is { } path)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.WriteAllTextAsync(path, markdown);
        }

        return new BenchReport(machine, rows, markdown);
    }

    private static bool Selected(Scenario scenario, BenchOptions options) =>
        (options.Micro || scenario is not MicroScenario)
        && (options.Only is not { } only || scenario.Rows.Any(r => only.Any(o => r.Id.StartsWith(o, StringComparison.OrdinalIgnoreCase))));
}
