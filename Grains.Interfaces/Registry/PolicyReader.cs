using System.Text.Json;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Reads the optional lifecycle fields of an entry: <c>ttl</c>, <c>memory_mb</c>, <c>group</c> and the three switches.</summary>
internal static class PolicyReader
{
    public static ModelPolicy Read(Func<string, JsonElement?> field, RegistryLocation where)
    {
        var ttl = WholeNumber(field(RegistryFields.Ttl), RegistryFields.Ttl, 0, where,
            "the seconds a model may stay idle before it is stopped, e.g. 300; 0 or no \"ttl\" keeps it running");
        var memory = WholeNumber(field(RegistryFields.MemoryMb), RegistryFields.MemoryMb, 1, where,
            "the megabytes the model needs while running, e.g. 4096; leave \"memory_mb\" out to estimate it from the GGUF file");
        return new ModelPolicy(
            ttl is null or 0 ? null : TimeSpan.FromSeconds(ttl.Value),
            memory,
            Group(field(RegistryFields.Group), where),
            Switch(field(RegistryFields.AutoRestart), RegistryFields.AutoRestart, where),
            Switch(field(RegistryFields.Autostart), RegistryFields.Autostart, where),
            Switch(field(RegistryFields.Preload), RegistryFields.Preload, where));
    }

    private static int? WholeNumber(JsonElement? value, string name, int minimum, RegistryLocation where, string meaning)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } number)
        {
            return null;
        }

        if (number.ValueKind != JsonValueKind.Number)
        {
            throw where.Error($"expected a number, found {JsonKinds.Describe(number.ValueKind)}; write it without quotes: {meaning}.", name);
        }

        if (!number.TryGetInt32(out var whole) || whole < minimum)
        {
            throw where.Error($"{number.GetRawText()} is not a whole number of at least {minimum}; write {meaning}.", name);
        }

        return whole;
    }

    private static string? Group(JsonElement? value, RegistryLocation where)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } group)
        {
            return null;
        }

        if (group.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(group.GetString()))
        {
            throw where.Error(
                $"expected a non-empty string, found {(group.ValueKind == JsonValueKind.String ? "a blank one" : JsonKinds.Describe(group.ValueKind))}; name the group, e.g. \"group\": \"chat\" (starting a model stops the other running models of its group once they are idle).",
                RegistryFields.Group);
        }

        return group.GetString()!.Trim();
    }

    private static bool Switch(JsonElement? value, string name, RegistryLocation where) => value switch
    {
        null or { ValueKind: JsonValueKind.Null or JsonValueKind.False } => false,
        { ValueKind: JsonValueKind.True } => true,
        { } other => throw where.Error($"expected true or false, found {JsonKinds.Describe(other.ValueKind)}; write it without quotes, e.g. \"{name}\": true.", name),
    };
}
