using System.Globalization;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>
/// A process's memory as Linux counts it. VmRSS includes file-backed pages (the runtime's and ASP.NET Core's shared
/// libraries, ~50 MB); the private anonymous memory (smaps_rollup "Anonymous") is what the process itself allocated.
/// </summary>
public sealed record ProcMemory(double VmRssMb, double AnonymousMb, double RssFileMb)
{
    public static ProcMemory Read(int pid)
    {
        var status = Fields($"/proc/{pid}/status");
        var rollup = Fields($"/proc/{pid}/smaps_rollup");
        return new ProcMemory(
            status.GetValueOrDefault("VmRSS") / 1024.0,
            rollup.GetValueOrDefault("Anonymous") / 1024.0,
            status.GetValueOrDefault("RssFile") / 1024.0);
    }

    /// <summary>"Name:   1234 kB" lines as name -> kB.</summary>
    private static Dictionary<string, long> Fields(string path)
    {
        var fields = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var value = line[(colon + 1)..].Trim();
            if (value.EndsWith(" kB", StringComparison.Ordinal)
                && long.TryParse(value[..^3].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
            {
                fields[line[..colon]] = kb;
            }
        }

        return fields;
    }
}
