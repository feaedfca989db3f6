using Orchestrator.Bench.Reporting;

namespace Orchestrator.Bench.Tests;

/// <summary>
/// The benchmark harness's quick mode (one repetition of everything) as CI runs it: every row is produced and no
/// measurement fails. Timings are never asserted: this machine is shared and a smoke run measures nothing.
/// </summary>
public sealed class BenchSmokeTests
{
    /// <summary>Rows that need something this branch or machine may not have (a built CLI, a real llama-server).</summary>
    private static readonly string[] MayBeUnavailable = ["P1c", "P2b", "P2c", "P4b", "P7", "P7b", "P7c", "P11c"];

    // M1 (the home-made mailbox against a channel actor) went with the mailbox when the silo moved to Orleans.
    private static readonly string[] ExpectedRows =
        ["P1", "P1b", "P1c", "P2a", "P2b", "P2c", "P3", "P4a", "P4b", "P5", "P6", "P7", "P7b", "P7c", "P11a", "P11b", "P11c", "P12a", "P12b", "P12c", "P8a", "P8b", "P8c", "P8d", "P9a", "P9b", "P9c", "P10a", "P10b", "M2"];

    [Fact]
    public async Task QuickRun_ProducesEveryRow_WithoutErrors()
    {
        var output = Path.Combine(Path.GetTempPath(), $"orch-bench-{Guid.NewGuid():N}.md");
        try
        {
            using var log = new StringWriter();
            var report = await BenchHarness.RunAsync(new BenchOptions { Quick = true, PublishCli = false, OutputPath = output }, log);

            Assert.Equal(ExpectedRows, report.Rows.Select(r => r.Id));
            Assert.All(report.Rows, row => Assert.True(row.Verdict != Verdict.Error, $"{row.Id} failed: {row.Note}\n{log}"));
            Assert.All(report.Rows.Where(r => !MayBeUnavailable.Contains(r.Id)), row =>
                Assert.True(row.Verdict != Verdict.NotAvailable, $"{row.Id} was not measured: {row.Note}"));

            var markdown = await File.ReadAllTextAsync(output);
            Assert.Equal(report.Markdown, markdown);
            Assert.Contains("| # | what |", markdown, StringComparison.Ordinal);
            foreach (var id in ExpectedRows)
            {
                Assert.Contains($"\n| {id} |", markdown, StringComparison.Ordinal);
            }

            Assert.Contains("CPU:", markdown, StringComparison.Ordinal);
            Assert.Contains(".NET:", markdown, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void Options_QuickNeverPublishesOrWritesTheCommittedResults()
    {
        var quick = BenchOptions.Parse(["--quick"]);
        Assert.True(quick.Quick);
        Assert.False(quick.PublishCli);
        Assert.Null(quick.OutputPath);

        var full = BenchOptions.Parse([]);
        Assert.False(full.Quick);
        Assert.EndsWith(Path.Combine("bench", "results", "latest.md"), full.OutputPath, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--bogus"]));
    }
}
