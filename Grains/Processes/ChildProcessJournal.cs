using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// A safety net against orphans: one small file per live child (pid, start time, executable) in a folder of the
/// silo's state directory. A silo that was killed outright leaves its files behind, and the next silo kills exactly
/// the processes whose pid, start time and executable all still match, so a reused pid is never touched.
/// Each grain writes and deletes only its own child's file: no shared mutable state.
/// </summary>
public sealed class ChildProcessJournal(string directory)
{
    public string Directory { get; } = directory;

    /// <summary>
    /// Records a child. <paramref name="executable"/> is the server binary it will run once the exec chain
    /// (setpriv, sh) is through, as /proc/PID/exe will show it; the start time does not change across exec.
    /// </summary>
    public void Record(int pid, long startTicks, string executable, string modelId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var entry = new JournalEntry(pid, startTicks, executable, modelId);
        File.WriteAllText(PathOf(pid), JsonSerializer.Serialize(entry, JournalJsonContext.Default.JournalEntry));
    }

    public void Forget(int pid)
    {
        try
        {
            File.Delete(PathOf(pid));
        }
        catch (IOException)
        {
            // Gone already; the next reap ignores dead entries anyway.
        }
    }

    /// <summary>Kills every recorded child that still runs as the same process, forgets every entry, and says what it did.</summary>
    public IReadOnlyList<string> ReapSurvivors()
    {
        var report = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return report;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.json"))
        {
            var entry = TryRead(file);
            if (entry is not null && ProcessIdentity.TryRead(entry.Pid) is { } live
                && live.StartTicks == entry.StartTicks && live.Executable == entry.Executable)
            {
                PosixSignals.Send(entry.Pid, PosixSignals.SigKill);
                report.Add($"killed orphaned server of \"{entry.ModelId}\" (pid {entry.Pid}, {entry.Executable})");
            }

            File.Delete(file);
        }

        return report;
    }

    private string PathOf(int pid) => Path.Combine(Directory, $"{pid}.json");

    private static JournalEntry? TryRead(string file)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), JournalJsonContext.Default.JournalEntry);
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null;
        }
    }
}

internal sealed record JournalEntry(int Pid, long StartTicks, string Executable, string ModelId);

[JsonSerializable(typeof(JournalEntry))]
internal sealed partial class JournalJsonContext : JsonSerializerContext;
