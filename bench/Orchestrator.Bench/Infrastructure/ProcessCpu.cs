using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>CPU time (user + system) a process has used: a cost that, unlike wall time, other work on the machine hardly moves.</summary>
public static class ProcessCpu
{
    private static readonly double TicksPerSecond = ClockTicks();

    public static TimeSpan Self()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>utime + stime of <paramref name="pid"/> from /proc/&lt;pid&gt;/stat (fields 14 and 15).</summary>
    public static TimeSpan Of(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    // USER_HZ is 100 on every Linux this runs on; getconf confirms it where available.
    private static double ClockTicks() => 100.0;
}
