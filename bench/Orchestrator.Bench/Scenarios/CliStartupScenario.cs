using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P7: <c>orch models</c> as a user runs it: a cold process (the ReadyToRun publish of Client.Cli) that finds the silo
/// through silo.json, lists the models and exits. The baseline is starting and reaping a process that does nothing
/// (<c>/bin/true</c>), interleaved: the difference is what orch itself costs.
/// </summary>
public sealed class CliStartupScenario : Scenario
{
    private const string ModelId = "bench/cli:fake";

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P7", "`orch models` cold start as a process (Orleans client), ReadyToRun (vs /bin/true)", "≤ 300 ms (median)"),
        new("P7b", "`orch models` with no silo (no silo.json): exit 3 (vs /bin/true)", "≤ 1000 ms (median)"),
        new("P7c", "`orch models` with a stale silo.json (its silo is gone): exit 3 (vs /bin/true)", "≤ 1000 ms (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var spec = Rows[0];
        if (context.Options.PublishCli && await PublishAsync(context) is { } publishError)
        {
            return NotAvailable(publishError);
        }

        var cli = RepoPaths.CliExecutable;
        if (!File.Exists(cli))
        {
            return NotAvailable($"no published CLI at {Path.GetRelativePath(RepoPaths.Root, cli)}; run: dotnet publish Client.Cli -c Release -r linux-x64 -p:PublishReadyToRun=true");
        }

        var folder = context.NewFolder("p7");
        await using var silo = await InProcessSilo.StartAsync(folder, [new BenchModel(ModelId, new FakeScenario().WriteToFile(folder, "fake-model.json"))]);
        var environment = new Dictionary<string, string> { ["ORCHESTRATOR_HOME"] = silo.StateDirectory };
        var timeout = TimeSpan.FromSeconds(30);

        var probe = await ChildRun.RunAsync(cli, ["models"], environment, timeout);
        if (probe.ExitCode != 0 || !probe.Stdout.Contains(ModelId, StringComparison.Ordinal))
        {
            var said = (probe.Stderr + probe.Stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "nothing";
            return NotAvailable($"`orch models` exited {probe.ExitCode} without listing the model (it said: {said})");
        }

        await ChildRun.RunAsync("/bin/true", [], null, timeout);
        var orch = new Series("ms");
        var baseline = new Series("ms");
        var reps = context.Reps(30);
        context.Progress($"P7: {reps} runs each way");
        for (var i = 0; i < reps; i++)
        {
            var run = await ChildRun.RunAsync(cli, ["models"], environment, timeout);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"`orch models` exited {run.ExitCode}: {run.Stderr}");
            }

            orch.Add(run.Milliseconds);
            baseline.Add((await ChildRun.RunAsync("/bin/true", [], null, timeout)).Milliseconds);
        }

        var noSilo = context.NewFolder("p7-none");
        var stale = context.NewFolder("p7-stale");
        // No pid reaches int.MaxValue: that silo is certainly gone.
        await File.WriteAllTextAsync(Path.Combine(stale, "silo.json"), $$"""{"url":"http://127.0.0.1:1","token":"t","pid":{{int.MaxValue}},"gateway":"127.0.0.1:1"}""");
        return
        [
            new BenchRow(spec.Id, spec.What, orch.Describe("0.0"), baseline.Describe("0.0"), $"{orch.Median - baseline.Median:+0.0;-0.0} ms",
                spec.Goal, BenchRow.Judge(orch.Median <= 300), reps),
            await ExitThreeAsync(context, Rows[1], cli, noSilo, timeout),
            await ExitThreeAsync(context, Rows[2], cli, stale, timeout),
        ];
    }

    /// <summary>Every row of this scenario, not measured, for <paramref name="why"/>.</summary>
    private BenchRow[] NotAvailable(string why) => [.. Rows.Select(row => BenchRow.NotAvailable(row.Id, row.What, row.Goal, why))];

    /// <summary>orch with a state directory that names no live silo: how long until it exits 3.</summary>
    private static async Task<BenchRow> ExitThreeAsync(BenchContext context, RowSpec spec, string cli, string stateDirectory, TimeSpan timeout)
    {
        var environment = new Dictionary<string, string> { ["ORCHESTRATOR_HOME"] = stateDirectory };
        var orch = new Series("ms");
        var baseline = new Series("ms");
        var reps = context.Reps(10);
        for (var i = 0; i < reps; i++)
        {
            var run = await ChildRun.RunAsync(cli, ["models"], environment, timeout);
            if (run.ExitCode != 3)
            {
                throw new InvalidOperationException($"`orch models` without a live silo exited {run.ExitCode}, not 3: {run.Stderr}");
            }

            orch.Add(run.Milliseconds);
            baseline.Add((await ChildRun.RunAsync("/bin/true", [], null, timeout)).Milliseconds);
        }

        return new BenchRow(spec.Id, spec.What, orch.Describe("0.0"), baseline.Describe("0.0"), $"{orch.Median - baseline.Median:+0.0;-0.0} ms",
            spec.Goal, BenchRow.Judge(orch.Median <= 1000), reps);
    }

    /// <summary>Publishes the CLI as the README says; returns why not when it fails.</summary>
    private static async Task<string?> PublishAsync(BenchContext context)
    {
        context.Progress("P7: publishing Client.Cli (ReadyToRun)");
        var run = await ChildRun.RunAsync("dotnet",
            ["publish", "Client.Cli", "-c", "Release", "-r", "linux-x64", "-p:PublishReadyToRun=true", "--nologo", "-v", "quiet"],
            new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" },
            TimeSpan.FromMinutes(8),
            RepoPaths.Root);
        if (run.ExitCode == 0)
        {
            return null;
        }

        var error = (run.Stdout + run.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? $"exit code {run.ExitCode}";
        return $"`dotnet publish Client.Cli -c Release -r linux-x64 -p:PublishReadyToRun=true` failed: {error}";
    }
}
