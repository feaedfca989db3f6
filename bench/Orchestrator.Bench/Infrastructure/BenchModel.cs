using System.Text.Json;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>One models.json entry: a FakeLlamaServer scenario file or a real GGUF, with extra server arguments.</summary>
public sealed record BenchModel(string Id, string ModelFilePath, IReadOnlyList<string> ServerArguments)
{
    public BenchModel(string id, string modelFilePath)
        : this(id, modelFilePath, [])
    {
    }

    /// <summary>The silo's path segment for this model.</summary>
    public string Segment => Uri.EscapeDataString(Id);

    /// <summary>The arguments the silo gives llama-server (LlamaServerCommand.Arguments), for starting the same server directly.</summary>
    public IReadOnlyList<string> DirectArguments =>
        ["--model", ModelFilePath, "--host", "127.0.0.1", "--port", "0", "--alias", Id, .. ServerArguments];

    /// <summary>Writes a models.json of <paramref name="models"/> into <paramref name="folder"/>; returns its path.</summary>
    public static string WriteRegistry(string folder, IEnumerable<BenchModel> models)
    {
        var entries = models.Select(m => new Dictionary<string, object>
        {
            ["full_identifier"] = m.Id,
            ["provider"] = "bench",
            ["library"] = "bench",
            ["name"] = m.Id,
            ["version"] = "1",
            ["manifest"] = "none",
            ["model_file_path"] = m.ModelFilePath,
            ["server_args"] = m.ServerArguments,
        });
        var path = Path.Combine(folder, "models.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { models = entries }));
        return path;
    }
}
