namespace Orchestrator.Bench;

/// <summary>How to run the benchmarks.</summary>
public sealed class BenchOptions
{
    /// <summary>One repetition of everything, small payloads, no CLI publish: a smoke run (CI).</summary>
    public bool Quick { get; init; }

    /// <summary>Where to write the markdown results; null writes nothing. Default: bench/results/latest.md for a complete run.</summary>
    public string? OutputPath { get; init; }

    /// <summary>Run the BenchmarkDotNet micro-benchmarks (M rows).</summary>
    public bool Micro { get; init; } = true;

    /// <summary>Publish Client.Cli (ReadyToRun) before measuring its start-up; off in quick mode.</summary>
    public bool PublishCli { get; init; } = true;

    /// <summary>Only the scenarios whose row ids start with one of these (e.g. "P1", "M"); null runs all.</summary>
    public IReadOnlyList<string>? Only { get; init; }

    /// <summary>Multiplies every full-mode repetition count (e.g. 0.3 for a shorter run).</summary>
    public double RepetitionScale { get; init; } = 1.0;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        var micro = true;
        var publish = true;
        string? output = null;
        List<string>? only = null;
        var scale = 1.0;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick": quick = true; break;
                case "--no-micro": micro = false; break;
                case "--no-publish": publish = false; break;
                case "--out" when i + 1 < args.Count: output = args[++i]; break;
                case "--only" when i + 1 < args.Count: only = [.. args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]; break;
                case "--scale" when i + 1 < args.Count: scale = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}'. Usage: [--quick] [--out FILE] [--only P1,P5,M] [--scale 0.5] [--no-micro] [--no-publish]");
            }
        }

        return new BenchOptions
        {
            Quick = quick,
            Micro = micro,
            PublishCli = publish && !quick,
            // Only a complete run replaces the committed results.
            OutputPath = output ?? (quick || only is not null || scale != 1.0 ? null : Path.Combine(Infrastructure.RepoPaths.ResultsDirectory, "latest.md")),
            Only = only,
            RepetitionScale = scale,
        };
    }
}
