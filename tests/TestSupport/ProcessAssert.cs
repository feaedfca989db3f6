using System.Globalization;

namespace Orchestrator.TestSupport;

/// <summary>Proves that processes are gone, from /proc (Linux), with deadline polls rather than fixed sleeps.</summary>
public static class ProcessAssert
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True while /proc/&lt;pid&gt; exists and is not a zombie. A zombie has ended and holds nothing but its pid
    /// until its parent reaps it, so it counts as gone.
    /// </summary>
    public static bool IsAlive(int pid) => ReadStat(pid) is { } stat && stat.State != 'Z';

    /// <summary>Waits until <paramref name="pid"/> is gone; fails the test, naming the process, at the deadline.</summary>
    public static async Task GoneAsync(int pid, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (IsAlive(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"process {pid} ({CommandLine(pid)}) is still alive after {timeout ?? DefaultTimeout}");
            }

            // Another process's exit cannot be awaited without being its parent: poll /proc briefly.
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until every process in <paramref name="pids"/> is gone.</summary>
    public static async Task AllGoneAsync(IEnumerable<int> pids, TimeSpan? timeout = null)
    {
        foreach (var pid in pids)
        {
            await GoneAsync(pid, timeout);
        }
    }

    /// <summary>Live processes whose parent is <paramref name="pid"/> (the ppid field of /proc/*/stat).</summary>
    public static IReadOnlyList<int> ChildPids(int pid)
    {
        var children = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var candidate)
                && ReadStat(candidate) is { } stat && stat.ParentPid == pid && stat.State != 'Z')
            {
                children.Add(candidate);
            }
        }

        return children;
    }

    /// <summary>Children, grandchildren and so on of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> DescendantPids(int pid)
    {
        var found = new List<int>();
        var pending = new Queue<int>([pid]);
        while (pending.TryDequeue(out var parent))
        {
            foreach (var child in ChildPids(parent))
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>The process's start time in clock ticks since boot (field 22 of /proc/&lt;pid&gt;/stat), to tell a reused pid apart.</summary>
    public static long? StartTime(int pid) => ReadStat(pid)?.StartTime;

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static ProcStat? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may itself contain spaces and ')': split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return new ProcStat(
            fields[0][0],
            int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    private sealed record ProcStat(char State, int ParentPid, long StartTime);
}
