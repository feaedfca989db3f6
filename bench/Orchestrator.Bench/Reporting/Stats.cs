namespace Orchestrator.Bench.Reporting;

/// <summary>Order statistics over repeated measurements (linear interpolation between closest ranks).</summary>
public static class Stats
{
    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static double P99(IReadOnlyCollection<double> values) => Percentile(values, 99);

    public static double Percentile(IReadOnlyCollection<double> values, double percent)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = percent / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }
}

/// <summary>One series of measurements of the same thing, in one unit.</summary>
public sealed class Series(string unit)
{
    private readonly List<double> _values = [];

    public string Unit { get; } = unit;

    public IReadOnlyList<double> Values => _values;

    public int Count => _values.Count;

    public double Median => Stats.Median(_values);

    public double P99 => Stats.P99(_values);

    public void Add(double value) => _values.Add(value);

    /// <summary>"median / p99 unit".</summary>
    public string Describe(string format = "0.00") =>
        Count == 0 ? "—" : $"{Median.ToString(format)} / {P99.ToString(format)} {Unit}";
}
