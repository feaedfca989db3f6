using System.Text.Json.Nodes;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>Valid registry text to start from; each test breaks exactly the one thing it is about.</summary>
internal static class RegistryJson
{
    public const string DefaultId = "registry.ollama.ai/library/llama3.2:3b";

    public static JsonObject Entry(string id = DefaultId) => new()
    {
        ["full_identifier"] = id,
        ["provider"] = "ollama",
        ["library"] = "library",
        ["name"] = "llama3.2",
        ["version"] = "3b",
        ["manifest"] = "~/.ollama/models/manifests/registry.ollama.ai/library/llama3.2/3b",
        ["model_file_path"] = "/models/llama3.2-3b.gguf",
    };

    /// <summary>An entry with <paramref name="field"/> set to <paramref name="value"/> (a JSON literal, e.g. <c>42</c> or <c>"x"</c>).</summary>
    public static JsonObject EntryWith(string field, string value, string id = DefaultId)
    {
        var entry = Entry(id);
        entry[field] = JsonNode.Parse(value);
        return entry;
    }

    public static string Array(params JsonObject[] entries) => new JsonArray([.. entries]).ToJsonString();

    public static string Object(params JsonObject[] entries) => new JsonObject { ["models"] = new JsonArray([.. entries]) }.ToJsonString();
}
