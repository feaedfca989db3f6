using System.Text.Json;

namespace Orchestrator.Silo.Tests;

/// <summary>Reads FakeLlamaServer's events file (one JSON object per line, each with an "event").</summary>
internal static class FakeEvents
{
    public static IReadOnlyList<string> Names(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var names = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line.EndsWith('}'))
            {
                names.Add(JsonDocument.Parse(line).RootElement.GetProperty("event").GetString()!);
            }
        }

        return names;
    }
}
