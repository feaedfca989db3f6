using System.Net;

namespace Orchestrator.Client.Connection;

/// <summary>One silo to connect to: its gateway and credential, and the silo.json they came from (if any).</summary>
internal sealed record SiloTarget(IPEndPoint Gateway, string Token, string? InfoPath)
{
    /// <summary>Resolves <paramref name="options"/> against silo.json; throws <see cref="SiloUnavailableException"/> when no silo can be named.</summary>
    public static SiloTarget Resolve(OrchestratorClientOptions options)
    {
        if (options.Gateway is { } explicitGateway)
        {
            var gateway = GatewayAddress.Parse(explicitGateway) ?? throw new ArgumentException(
                $"Gateway \"{explicitGateway}\" is not host:port (for example 127.0.0.1:8782, the \"gateway\" of silo.json).", nameof(options));
            var token = options.Token ?? TokenOfSameSilo(options.StateDirectory, gateway);
            return token is null
                ? throw new SiloUnavailableException($"no token for the gateway {explicitGateway}: pass the silo's token (the \"token\" of its silo.json)", gateway: explicitGateway)
                : new SiloTarget(gateway, token, null);
        }

        var info = SiloDiscovery.Read(options.StateDirectory);
        var path = SiloDiscovery.InfoPath(options.StateDirectory);
        var named = info.Gateway is { } text ? GatewayAddress.Parse(text) : null;
        return named is null
            ? throw SiloUnavailableException.NoGateway(path)
            : new SiloTarget(named, options.Token ?? info.Token, path);
    }

    private static string? TokenOfSameSilo(string? stateDirectory, IPEndPoint gateway)
    {
        try
        {
            var info = SiloDiscovery.Read(stateDirectory);
            return info.Gateway is { } text && gateway.Equals(GatewayAddress.Parse(text)) ? info.Token : null;
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }
}
