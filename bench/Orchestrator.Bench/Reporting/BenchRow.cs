namespace Orchestrator.Bench.Reporting;

/// <summary>Whether a figure meets its goal.</summary>
public enum Verdict
{
    /// <summary>Measured and within the goal.</summary>
    Met,

    /// <summary>Measured and outside the goal.</summary>
    Missed,

    /// <summary>Measured; no goal to judge against.</summary>
    Info,

    /// <summary>Not measured because something it needs is absent (a CLI not built yet, no real llama-server configured).</summary>
    NotAvailable,

    /// <summary>The measurement itself failed: a bug in the product or the harness.</summary>
    Error,
}

/// <summary>One line of the results table.</summary>
/// <param name="Id">P1..P8 (with a letter for variants), M1.. for micro-benchmarks.</param>
/// <param name="What">What is measured.</param>
/// <param name="Subject">The orchestrator's figure: median / p99.</param>
/// <param name="Baseline">The baseline measured in the same run, interleaved: median / p99.</param>
/// <param name="Comparison">Subject against baseline (a difference or a ratio).</param>
/// <param name="Goal">The goal, with the statistic it applies to.</param>
/// <param name="Verdict">Whether the goal is met.</param>
/// <param name="Samples">Repetitions per side.</param>
/// <param name="Note">What else a reader needs (why not available, a secondary figure).</param>
public sealed record BenchRow(
    string Id,
    string What,
    string Subject,
    string Baseline,
    string Comparison,
    string Goal,
    Verdict Verdict,
    int Samples,
    string? Note = null)
{
    public static BenchRow NotAvailable(string id, string what, string goal, string why) =>
        new(id, what, "not available", "—", "—", goal, Verdict.NotAvailable, 0, why);

    public static BenchRow Failed(string id, string what, string goal, Exception error) =>
        new(id, what, "error", "—", "—", goal, Verdict.Error, 0, $"{error.GetType().Name}: {error.Message}".ReplaceLineEndings(" "));

    public static Verdict Judge(bool met) => met ? Verdict.Met : Verdict.Missed;
}
