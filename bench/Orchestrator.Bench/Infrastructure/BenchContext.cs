using System.Diagnostics;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>A real llama-server and a GGUF model to run it with (LLAMA_SERVER_PATH, ORCH_BENCH_MODEL).</summary>
public sealed record RealServer(string Binary, string Model)
{
    public static RealServer? FromEnvironment()
    {
        var binary = Environment.GetEnvironmentVariable("LLAMA_SERVER_PATH");
        var model = Environment.GetEnvironmentVariable("ORCH_BENCH_MODEL");
        return !string.IsNullOrEmpty(binary) && !string.IsNullOrEmpty(model) && File.Exists(binary) && File.Exists(model)
            ? new RealServer(Path.GetFullPath(binary), Path.GetFullPath(model))
            : null;
    }

    /// <summary>Small context, one slot: the tiny models are for latency and overhead, not for parallel work.</summary>
    public BenchModel AsModel(string id, params string[] extraArguments) => new(id, Model, ["-c", "2048", "-np", "1", .. extraArguments]);
}

/// <summary>What every scenario gets: the mode, where to write, how many repetitions, where to log progress.</summary>
public sealed class BenchContext(BenchOptions options, TextWriter log) : IDisposable
{
    private readonly TempDirectory _work = new();

    public BenchOptions Options { get; } = options;

    public TextWriter Log { get; } = log;

    public bool Quick => Options.Quick;

    public RealServer? Real { get; } = RealServer.FromEnvironment();

    /// <summary><paramref name="full"/> repetitions, or one in quick mode.</summary>
    public int Reps(int full) => Quick ? 1 : Math.Max(1, (int)Math.Round(full * Options.RepetitionScale));

    /// <summary>A fresh folder for one scenario's files, under the run's temp folder.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(_work.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Progress(string text) => Log.WriteLine($"[bench] {text}");

    public static double Ms(long fromTimestamp, long toTimestamp) => Stopwatch.GetElapsedTime(fromTimestamp, toTimestamp).TotalMilliseconds;

    public void Dispose() => _work.Dispose();
}
