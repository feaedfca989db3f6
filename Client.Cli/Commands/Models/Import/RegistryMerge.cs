using System.Text.Json.Nodes;

namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>
/// Merges a store's models into models.json by <c>full_identifier</c>, never clobbering: a known entry has only the fields
/// an import owns brought up to date (where the store keeps the model), and keeps everything the user wrote (server_args,
/// port, env, the policies, unknown fields); a new one is added; an entry of the same provider whose file has vanished is
/// reported, and removed only when pruning.
/// </summary>
internal static class RegistryMerge
{
    private static readonly string[] OwnedFields = ["provider", "library", "name", "version", "manifest", "model_file_path"];

    public static MergeResult Merge(JsonNode? document, StoreScan scan, bool prune, Func<string, bool> fileExists)
    {
        document ??= new JsonObject { ["models"] = new JsonArray() };
        var entries = Entries(document);
        var result = new MergeResult(document);
        var imported = scan.Models.Select(m => m.FullIdentifier).ToHashSet(StringComparer.Ordinal);
        foreach (var model in scan.Models)
        {
            var entry = entries.OfType<JsonObject>().FirstOrDefault(e => Id(e) == model.FullIdentifier);
            if (entry is null)
            {
                entries.Add(NewEntry(model));
                result.Added.Add(model.FullIdentifier);
                continue;
            }

            foreach (var (field, value) in OwnedFields.Zip(Owned(model)))
            {
                var old = entry[field]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? entry[field]!.GetValue<string>() : null;
                if (old != value)
                {
                    entry[field] = value;
                    result.Updated.Add(new FieldChange(model.FullIdentifier, field, old, value));
                }
            }
        }

        foreach (var entry in entries.OfType<JsonObject>().ToList())
        {
            if (Id(entry) is { } id && !imported.Contains(id) && Text(entry, "provider") == scan.Provider
                && Text(entry, "model_file_path") is { } file && !fileExists(file))
            {
                result.Vanished.Add(new VanishedEntry(id, file));
                if (prune)
                {
                    entries.Remove(entry);
                }
            }
        }

        return result;
    }

    /// <summary>The entries array: the document itself, or its <c>models</c>; anything else is not a registry to merge into.</summary>
    private static JsonArray Entries(JsonNode document) => document switch
    {
        JsonArray array => array,
        JsonObject { } root when root["models"] is JsonArray models => models,
        _ => throw new InvalidDataException("the file is neither an array of entries nor {\"models\": [...]}; fix it (orch doctor shows the error) or import into a new file with --models"),
    };

    private static JsonObject NewEntry(ImportedModel model)
    {
        var entry = new JsonObject { ["full_identifier"] = model.FullIdentifier };
        foreach (var (field, value) in OwnedFields.Zip(Owned(model)))
        {
            entry[field] = value;
        }

        if (model.ServerArgs.Count > 0)
        {
            entry["server_args"] = new JsonArray([.. model.ServerArgs.Select(a => (JsonNode)a)]);
        }

        return entry;
    }

    private static string[] Owned(ImportedModel model) => [model.Provider, model.Library, model.Name, model.Version, model.Manifest, model.ModelFilePath];

    private static string? Id(JsonObject entry) => Text(entry, "full_identifier");

    private static string? Text(JsonObject entry, string field) =>
        entry[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}

/// <summary>What a merge did to the document (which it changed in place).</summary>
internal sealed record MergeResult(JsonNode Document)
{
    public List<string> Added { get; } = [];

    public List<FieldChange> Updated { get; } = [];

    public List<VanishedEntry> Vanished { get; } = [];

    public bool Changed(bool prune) => Added.Count > 0 || Updated.Count > 0 || (prune && Vanished.Count > 0);
}

/// <summary>A field an import brought up to date.</summary>
internal sealed record FieldChange(string Id, string Field, string? Old, string New);

/// <summary>An entry whose model file is gone from the store.</summary>
internal sealed record VanishedEntry(string Id, string ModelFilePath);
