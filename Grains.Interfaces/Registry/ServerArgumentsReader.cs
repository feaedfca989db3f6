using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Reads the optional <c>server_args</c>: extra llama-server arguments, passed in order after the owned ones.</summary>
internal static class ServerArgumentsReader
{
    private const string Field = RegistryFields.ServerArgs;

    public static IReadOnlyList<string> Read(JsonElement? value, RegistryLocation where)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } list)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            throw where.Error(
                $"expected an array of strings, found {JsonKinds.Describe(list.ValueKind)}; write it as e.g. \"server_args\": [\"-c\", \"4096\"].",
                Field);
        }

        var arguments = new List<string>(list.GetArrayLength());
        foreach (var item in list.EnumerateArray())
        {
            var position = $"element #{arguments.Count}";
            if (item.ValueKind != JsonValueKind.String)
            {
                throw where.Error(
                    $"{position}: expected a string, found {JsonKinds.Describe(item.ValueKind)}; quote every argument, numbers too (e.g. \"4096\").",
                    Field);
            }

            var argument = item.GetString()!;
            if (OwnedServerFlags.IsOwned(argument, out var flag, out var fix))
            {
                throw where.Error($"{position} (\"{argument}\"): \"{flag}\" is set by the orchestrator; {fix}.", Field);
            }

            arguments.Add(argument);
        }

        return arguments.AsReadOnly();
    }
}
