using System.Text.Json;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Reads the text of models.json: JSON syntax, the top-level shape, then every entry in file order.</summary>
internal static class RegistryDocumentReader
{
    private const string Shape = "write the file as an array of entries, [ {...}, {...} ], or as {\"models\": [ {...}, {...} ]}";

    /// <param name="json">The file's text.</param>
    /// <param name="filePath">The file's absolute path: named in errors, and the folder relative model paths resolve against.</param>
    public static IReadOnlyList<ModelDefinition> Read(string json, string filePath)
    {
        var file = new RegistryLocation(filePath);
        if (string.IsNullOrWhiteSpace(json))
        {
            throw file.Error("the file is empty; write [] or {\"models\": []} for a registry without models, else list the entries as [ {...}, {...} ].");
        }

        using var document = Parse(json, file);
        var baseDirectory = Path.GetDirectoryName(filePath) ?? filePath;
        var uniqueness = new RegistryUniqueness();
        var models = new List<ModelDefinition>();
        foreach (var entry in Entries(document.RootElement, file).EnumerateArray())
        {
            var where = file.AtEntry(models.Count);
            var model = RegistryEntryReader.Read(entry, where, baseDirectory);
            uniqueness.Add(model, where.WithId(model.Id.Value));
            models.Add(model);
        }

        return models.AsReadOnly();
    }

    private static JsonDocument Parse(string json, RegistryLocation file)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw file.Error(
                $"malformed JSON at {JsonSyntaxError.Describe(json, error)} Fix the syntax there (usual causes: a missing or trailing comma, a missing quote or bracket, single quotes, or a comment).",
                inner: error);
        }
    }

    /// <summary>The array of entries: the root itself, or the root object's <c>models</c>.</summary>
    private static JsonElement Entries(JsonElement root, RegistryLocation file)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw file.Error($"the top level is {JsonKinds.Describe(root.ValueKind)}; {Shape}.");
        }

        var models = root.EnumerateObject().Where(property => property.NameEquals(RegistryFields.Models)).ToList();
        if (models.Count == 0)
        {
            var near = root.EnumerateObject()
                .FirstOrDefault(property => string.Equals(property.Name, RegistryFields.Models, StringComparison.OrdinalIgnoreCase));
            var hint = near.Value.ValueKind == JsonValueKind.Undefined
                ? ""
                : $" (found \"{near.Name}\", but names are case-sensitive)";
            throw file.Error($"the top-level object has no \"models\" field{hint}; {Shape}.", RegistryFields.Models);
        }

        if (models.Count > 1)
        {
            throw file.Error("appears more than once at the top level; keep one list of entries.", RegistryFields.Models);
        }

        var entries = models[0].Value;
        if (entries.ValueKind != JsonValueKind.Array)
        {
            throw file.Error(
                $"expected an array of entries, found {JsonKinds.Describe(entries.ValueKind)}; write it as \"models\": [ {{...}}, {{...}} ].",
                RegistryFields.Models);
        }

        return entries;
    }
}
