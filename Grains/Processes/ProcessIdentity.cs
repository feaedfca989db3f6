using System.Globalization;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// What tells one process apart from a later one that reuses its pid: the start time in clock ticks since boot
/// (/proc/PID/stat field 22) and the executable (/proc/PID/exe).
/// </summary>
internal sealed record ProcessIdentity(int Pid, long StartTicks, string Executable)
{
    /// <summary>Reads the identity of a live process; null when it is gone or /proc cannot tell.</summary>
    public static ProcessIdentity? TryRead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // Field 2 (comm) is parenthesised and may hold spaces or ')': the fields after it start after the last ')'.
            var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // rest[0] is field 3 (state), so field 22 (starttime) is rest[19].
            var startTicks = long.Parse(rest[19], CultureInfo.InvariantCulture);
            var exe = new FileInfo($"/proc/{pid}/exe").LinkTarget ?? string.Empty;
            return new ProcessIdentity(pid, startTicks, exe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
