using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>
/// llama-server flags the orchestrator sets itself on every launch: the model file, the loopback host, the port it
/// allocated and <c>--alias</c> = <c>full_identifier</c>. A second copy in <c>server_args</c> would override or contradict
/// them (another model, a port nobody probes, a server reachable from the network, an invented model name).
/// </summary>
internal static class OwnedServerFlags
{
    private const string UseModelFilePath = "set \"model_file_path\" instead";
    private const string UseAlias = "the orchestrator always passes \"full_identifier\" as the alias; remove it";

    private static readonly FrozenDictionary<string, string> Fixes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["-m"] = UseModelFilePath,
        ["--model"] = UseModelFilePath,
        ["--port"] = "set \"port\" instead, or leave it out to get a free port",
        ["--host"] = "the orchestrator always binds llama-server to 127.0.0.1 so that only this machine can reach it; remove it",
        ["--alias"] = UseAlias,
        ["-a"] = UseAlias,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>True when <paramref name="argument"/> is an owned flag, alone or in its <c>--flag=value</c> form.</summary>
    public static bool IsOwned(string argument, [NotNullWhen(true)] out string? flag, [NotNullWhen(true)] out string? fix)
    {
        var equals = argument.IndexOf('=', StringComparison.Ordinal);
        flag = equals < 0 ? argument : argument[..equals];
        if (Fixes.TryGetValue(flag, out fix))
        {
            return true;
        }

        flag = null;
        return false;
    }
}
