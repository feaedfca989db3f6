using System.Text.Json;

namespace Orchestrator.Soak;

/// <summary>The soak's models.json: three FakeLlamaServer models, one of which crashes on long answers.</summary>
internal static class SoakModels
{
    public static readonly string[] Ids = ["soak/steady:1", "soak/slow-load:2", "soak/crashy:3"];

    public static string Write(string folder)
    {
        var scenarios = new Dictionary<string, object>[]
        {
            new() { ["load_ms"] = 30, ["token_count"] = 40, ["token_delay_ms"] = 2 },
            new() { ["load_ms"] = 400, ["token_count"] = 20, ["token_delay_ms"] = 5 },
            // Answers of more than 60 tokens crash this one: the soak goes through crashes and restarts too.
            new() { ["load_ms"] = 100, ["token_count"] = 80, ["token_delay_ms"] = 1, ["crash_after_tokens"] = 60 },
        };
        var entries = Ids.Select((id, i) =>
        {
            var modelFile = Path.Combine(folder, $"model-{i}.json");
            File.WriteAllText(modelFile, JsonSerializer.Serialize(scenarios[i]));
            return new Dictionary<string, object>
            {
                ["full_identifier"] = id,
                ["provider"] = "soak",
                ["library"] = "soak",
                ["name"] = id,
                ["version"] = "1",
                ["manifest"] = "none",
                ["model_file_path"] = modelFile,
            };
        });
        var registry = Path.Combine(folder, "models.json");
        File.WriteAllText(registry, JsonSerializer.Serialize(new { models = entries }));
        return registry;
    }

    /// <summary>The model file of <paramref name="id"/>: every server's command line carries it.</summary>
    public static string ModelFile(string folder, string id) => Path.Combine(folder, $"model-{Array.IndexOf(Ids, id)}.json");
}
