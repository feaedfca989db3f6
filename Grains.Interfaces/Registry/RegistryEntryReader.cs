using System.Text.Json;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Turns one element of the models array into a <see cref="ModelDefinition"/>, or throws naming the field at fault.</summary>
internal static class RegistryEntryReader
{
    public static ModelDefinition Read(JsonElement entry, RegistryLocation where, string baseDirectory)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw where.Error(
                $"expected an object, found {JsonKinds.Describe(entry.ValueKind)}; write each entry as {{\"full_identifier\": \"...\", \"provider\": \"...\", ...}}.");
        }

        // Name the entry by its id in every message, even when the error is about a field written before it.
        where = where.WithId(PeekId(entry));
        var (known, extensions) = SplitFields(entry, where);
        var text = RegistryFields.Required.ToDictionary(field => field, field => RequiredString(known, field, where), StringComparer.Ordinal);

        if (!RegistryPaths.TryResolve(text[RegistryFields.ModelFilePath], baseDirectory, out var modelFilePath, out var problem))
        {
            throw where.Error(problem, RegistryFields.ModelFilePath);
        }

        return new ModelDefinition(
            new ModelId(text[RegistryFields.FullIdentifier]),
            text[RegistryFields.Provider],
            text[RegistryFields.Library],
            text[RegistryFields.Name],
            text[RegistryFields.Version],
            text[RegistryFields.Manifest],
            modelFilePath,
            ServerArgumentsReader.Read(Optional(known, RegistryFields.ServerArgs), where),
            PortReader.Read(Optional(known, RegistryFields.Port), where),
            EnvironmentReader.Read(Optional(known, RegistryFields.Env), where),
            extensions)
        {
            Policy = PolicyReader.Read(field => Optional(known, field), where),
        };
    }

    private static string? PeekId(JsonElement entry) =>
        entry.TryGetProperty(RegistryFields.FullIdentifier, out var id)
        && id.ValueKind == JsonValueKind.String
        && !string.IsNullOrWhiteSpace(id.GetString())
            ? id.GetString()
            : null;

    /// <summary>Known fields by name; everything else cloned (it outlives the parsed document) into the extensions.</summary>
    private static (Dictionary<string, JsonElement> Known, IReadOnlyDictionary<string, JsonElement> Extensions) SplitFields(
        JsonElement entry, RegistryLocation where)
    {
        var known = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var extensions = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in entry.EnumerateObject())
        {
            // JSON allows a name twice and readers disagree on which copy wins; refuse to guess.
            if (known.ContainsKey(property.Name) || extensions.ContainsKey(property.Name))
            {
                throw where.Error("appears more than once in this entry; keep one.", property.Name);
            }

            if (RegistryFields.LookAlike(property.Name) is { } meant)
            {
                throw where.Error(
                    $"is not a known field but looks like \"{meant}\" (field names are snake_case and case-sensitive); rename it to \"{meant}\".",
                    property.Name);
            }

            var target = RegistryFields.IsKnown(property.Name) ? known : extensions;
            target.Add(property.Name, property.Value.Clone());
        }

        return (known, extensions.AsReadOnly());
    }

    private static string RequiredString(Dictionary<string, JsonElement> known, string field, RegistryLocation where)
    {
        var meaning = RegistryFields.Explain(field);
        if (!known.TryGetValue(field, out var value))
        {
            throw where.Error($"is required but missing; add it: {meaning}.", field);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw where.Error(
                $"expected a non-empty string, found {JsonKinds.Describe(value.ValueKind)}; write it in double quotes: {meaning}.",
                field);
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            var how = text.Length == 0 ? "is empty" : "is blank (only whitespace)";
            throw where.Error($"{how}; give it a value: {meaning}.", field);
        }

        return text;
    }

    private static JsonElement? Optional(Dictionary<string, JsonElement> known, string field) =>
        known.TryGetValue(field, out var value) ? value : null;
}
