using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Silo.Registry;

/// <summary>What a new version of models.json adds, removes and changes, by <c>full_identifier</c>.</summary>
internal sealed record RegistryChanges(IReadOnlyList<ModelDefinition> Added, IReadOnlyList<ModelDefinition> Removed, IReadOnlyList<ModelDefinition> Changed)
{
    public bool None => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    public static RegistryChanges Between(IReadOnlyList<ModelDefinition> before, IReadOnlyList<ModelDefinition> after)
    {
        var old = before.ToDictionary(m => m.Id);
        var now = after.ToDictionary(m => m.Id);
        return new RegistryChanges(
            after.Where(m => !old.ContainsKey(m.Id)).ToList(),
            before.Where(m => !now.ContainsKey(m.Id)).ToList(),
            after.Where(m => old.TryGetValue(m.Id, out var was) && !Same(was, m)).ToList());
    }

    /// <summary>Field by field: the record's own equality compares its lists and dictionaries by reference.</summary>
    private static bool Same(ModelDefinition a, ModelDefinition b) =>
        a.Provider == b.Provider && a.Library == b.Library && a.Name == b.Name && a.Version == b.Version && a.Manifest == b.Manifest
        && a.ModelFilePath == b.ModelFilePath && a.Port == b.Port && a.Policy == b.Policy
        && a.ServerArguments.SequenceEqual(b.ServerArguments)
        && a.Environment.Count == b.Environment.Count && a.Environment.All(e => b.Environment.TryGetValue(e.Key, out var v) && v == e.Value)
        && a.Extensions.Count == b.Extensions.Count
        && a.Extensions.All(e => b.Extensions.TryGetValue(e.Key, out var v) && v.GetRawText() == e.Value.GetRawText());

    public override string ToString() =>
        string.Join("; ", new[] { ("added", Added), ("removed", Removed), ("changed", Changed) }
            .Where(part => part.Item2.Count > 0)
            .Select(part => $"{part.Item1} {string.Join(", ", part.Item2.Select(m => m.Id.Value))}"));
}
