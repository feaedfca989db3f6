using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;

namespace Orchestrator.Bench.Scenarios;

/// <summary>The rows a scenario produces, so that a failure can still show every one of them.</summary>
public sealed record RowSpec(string Id, string What, string Goal);

/// <summary>One end-to-end measurement: sets up what it needs, measures subject and baseline interleaved, tears down.</summary>
public abstract class Scenario
{
    public abstract IReadOnlyList<RowSpec> Rows { get; }

    public abstract Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context);

    /// <summary>Runs the scenario; any failure becomes an error row for each of its rows (the others still run).</summary>
    public async Task<IReadOnlyList<BenchRow>> RunSafelyAsync(BenchContext context)
    {
        try
        {
            return await RunAsync(context);
        }
#pragma warning disable CA1031 // A broken scenario is reported in the table; the rest of the run goes on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            context.Progress($"{string.Join(",", Rows.Select(r => r.Id))} failed: {e}");
            return [.. Rows.Select(r => BenchRow.Failed(r.Id, r.What, r.Goal, e))];
        }
    }

    protected static RowSpec Row(IReadOnlyList<RowSpec> rows, string id) => rows.Single(r => r.Id == id);
}
