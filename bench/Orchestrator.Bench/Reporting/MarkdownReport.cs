using System.Text;

namespace Orchestrator.Bench.Reporting;

/// <summary>The results as markdown: the machine, the table, the notes.</summary>
public static class MarkdownReport
{
    public static string Render(MachineInfo machine, IReadOnlyList<BenchRow> rows, bool quick)
    {
        var text = new StringBuilder();
        text.AppendLine(quick ? "# Benchmark results (--quick smoke run: one repetition each, numbers are not meaningful)" : "# Benchmark results");
        text.AppendLine();
        text.Append(machine.ToMarkdown());
        text.AppendLine();
        text.AppendLine("Each subject figure is measured against a baseline in the same run, the two interleaved. Figures are median / p99 over n repetitions per side.");
        text.AppendLine();
        text.AppendLine("| # | what | orchestrator (median / p99) | baseline (median / p99) | vs baseline | goal | met | n |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            text.AppendLine($"| {row.Id} | {Cell(row.What)} | {Cell(row.Subject)} | {Cell(row.Baseline)} | {Cell(row.Comparison)} | {Cell(row.Goal)} | {Mark(row.Verdict)} | {row.Samples} |");
        }

        var notes = rows.Where(r => !string.IsNullOrEmpty(r.Note)).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Notes:");
            foreach (var row in notes)
            {
                text.AppendLine($"- {row.Id}: {row.Note}");
            }
        }

        return text.ToString();
    }

    private static string Mark(Verdict verdict) => verdict switch
    {
        Verdict.Met => "yes",
        Verdict.Missed => "**no**",
        Verdict.Info => "—",
        Verdict.NotAvailable => "n/a",
        _ => "**error**",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
