using System.Text.Json;

namespace Orchestrator.TestSupport;

/// <summary>Reads the events file a <see cref="FakeScenario.EventsFile"/> names.</summary>
public static class FakeEventLog
{
    /// <summary>Every complete line so far, in order; empty if the file does not exist yet.</summary>
    public static IReadOnlyList<FakeEvent> Read(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var events = new List<FakeEvent>();
        // Only newline-terminated lines: the last one may still be being written.
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        foreach (var line in complete.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            events.Add(new FakeEvent(
                root.GetProperty("event").GetString()!, root.GetProperty("at_unix_us").GetInt64(), root.GetProperty("pid").GetInt32()));
        }

        return events;
    }

    /// <summary>Polls until <paramref name="count"/> events named <paramref name="name"/> are in the file; fails the test at the deadline.</summary>
    public static async Task<IReadOnlyList<FakeEvent>> WaitForAsync(string path, string name, TimeSpan timeout, int count = 1)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var events = Read(path);
            if (events.Count(e => e.Name == name) >= count)
            {
                return events;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{count} '{name}' event(s) not in {path} after {timeout}; found: {string.Join(", ", events.Select(e => e.Name))}");
            }

            // The fake writes the file from another process: there is no event to await, so poll briefly.
            await Task.Delay(10);
        }
    }
}
