using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Reads the optional <c>port</c>: a fixed TCP port for this model's server.</summary>
internal static class PortReader
{
    private const string Field = RegistryFields.Port;
    private const string Fix = "use a whole number from 1 to 65535, or leave \"port\" out to let the orchestrator pick a free port";

    public static int? Read(JsonElement? value, RegistryLocation where)
    {
        if (value is not { ValueKind: not JsonValueKind.Null } port)
        {
            return null;
        }

        if (port.ValueKind != JsonValueKind.Number)
        {
            throw where.Error($"expected a number, found {JsonKinds.Describe(port.ValueKind)}; write it without quotes and {Fix}.", Field);
        }

        // TryGetInt32 refuses fractions and exponents ("8080.5", "8e3") as well as values beyond int.
        if (!port.TryGetInt32(out var number) || number is < 1 or > 65535)
        {
            throw where.Error($"{port.GetRawText()} is not a port number; {Fix}.", Field);
        }

        return number;
    }
}
