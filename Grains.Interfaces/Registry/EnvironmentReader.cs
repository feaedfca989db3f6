using System.Collections.ObjectModel;
using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>
/// Reads the optional <c>env</c>: variables set for this model's server on top of the (scrubbed) inherited environment.
/// </summary>
internal static class EnvironmentReader
{
    private const string Field = RegistryFields.Env;

    /// <summary>llama-server exits at start when this is set, so a per-model value can only break the model.</summary>
    private const string RouterPort = "LLAMA_SERVER_ROUTER_PORT";

    public static IReadOnlyDictionary<string, string> Read(JsonElement? value, RegistryLocation where)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } env)
        {
            return ReadOnlyDictionary<string, string>.Empty;
        }

        if (env.ValueKind != JsonValueKind.Object)
        {
            throw where.Error(
                $"expected an object of NAME: \"value\" pairs, found {JsonKinds.Describe(env.ValueKind)}; write it as e.g. \"env\": {{\"CUDA_VISIBLE_DEVICES\": \"0\"}}.",
                Field);
        }

        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in env.EnumerateObject())
        {
            CheckName(variable.Name, variables, where);
            if (variable.Value.ValueKind != JsonValueKind.String)
            {
                throw where.Error(
                    $"variable \"{variable.Name}\": expected a string value, found {JsonKinds.Describe(variable.Value.ValueKind)}; quote it, e.g. \"{variable.Name}\": \"1\".",
                    Field);
            }

            var text = variable.Value.GetString()!;
            if (text.Contains('\0', StringComparison.Ordinal))
            {
                throw where.Error($"variable \"{variable.Name}\": the value contains a NUL character (\\u0000), which an environment cannot hold; remove it.", Field);
            }

            variables.Add(variable.Name, text);
        }

        return variables.AsReadOnly();
    }

    private static void CheckName(string name, Dictionary<string, string> seen, RegistryLocation where)
    {
        var problem = name switch
        {
            "" => "a variable has an empty name; give it a name or remove it.",
            _ when name.Contains('=', StringComparison.Ordinal) => $"variable name \"{name}\" contains '=', which ends a name in an environment; write \"NAME\": \"value\" with the value on the right.",
            _ when name.Contains('\0', StringComparison.Ordinal) => $"variable name \"{name}\" contains a NUL character (\\u0000); remove it.",
            RouterPort => $"\"{RouterPort}\" cannot be set for a model: llama-server exits when it is present; remove it.",
            _ when seen.ContainsKey(name) => $"variable \"{name}\" is set twice; keep one.",
            _ => null,
        };
        if (problem is not null)
        {
            throw where.Error(problem, Field);
        }
    }
}
