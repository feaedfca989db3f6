using System.Collections.Concurrent;
using System.Text;

namespace Orchestrator.Soak;

/// <summary>What a soak did and what it found; thread-safe counters, read once the run is over.</summary>
public sealed class SoakReport
{
    private readonly ConcurrentDictionary<string, long> _operations = new();

    public ConcurrentQueue<string> Failures { get; } = new();

    public ConcurrentQueue<string> Violations { get; } = new();

    public IReadOnlyDictionary<string, long> Operations => _operations;

    public long TotalOperations => _operations.Values.Sum();

    public int Checks { get; set; }

    public int LeakedProcesses { get; set; }

    public long SpawnedServers { get; set; }

    public double MemoryStartMb { get; set; }

    public double MemoryEndMb { get; set; }

    public double MemoryMaxMb { get; set; }

    public TimeSpan Elapsed { get; set; }

    public int Clients { get; set; }

    public void Count(string operation) => _operations.AddOrUpdate(operation, 1, (_, n) => n + 1);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"soak: {Elapsed.TotalMinutes:F1} min, {Clients} clients, {TotalOperations} operations ({string.Join(", ", _operations.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}"))})");
        text.AppendLine($"soak: {SpawnedServers} distinct server pids seen by the checker, {Checks} invariant checks, {Failures.Count} failures, {Violations.Count} violations, {LeakedProcesses} leaked processes");
        text.AppendLine($"soak: silo managed memory after GC {MemoryStartMb:F1} MB at start, {MemoryEndMb:F1} MB at end (max {MemoryMaxMb:F1} MB)");
        foreach (var failure in Failures.Take(20))
        {
            text.AppendLine($"  failure: {failure}");
        }

        foreach (var violation in Violations.Take(20))
        {
            text.AppendLine($"  violation: {violation}");
        }

        return text.ToString();
    }
}
