using System.Net;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Client.Connection;

/// <summary>
/// One silo to connect to: its gateway and credential (the token of a single silo, or a cluster's certificates), and the
/// silo.json they came from (if any).
/// </summary>
internal sealed record SiloTarget(IPEndPoint Gateway, string? Token, string? InfoPath, ClusterCredentials? Cluster = null)
{
    /// <summary>How messages name the certificate settings: the options', or silo.json's fields.</summary>
    public ClusterCertificates.SettingNames CertificateNames { get; init; } = OptionNames;

    /// <summary>How the options name the certificate settings in messages.</summary>
    internal static readonly ClusterCertificates.SettingNames OptionNames = new(
        "the client certificate (Certificate; orch: --certificate or ORCH_CERTIFICATE)",
        "its key (CertificateKey; orch: --certificate-key or ORCH_CERTIFICATE_KEY)",
        "its password (CertificatePassword; orch: ORCH_CERTIFICATE_PASSWORD)",
        "the cluster's certificate authority (CertificateAuthority; orch: --certificate-authority or ORCH_CERTIFICATE_AUTHORITY)");

    /// <summary>Resolves <paramref name="options"/> against silo.json; throws <see cref="SiloUnavailableException"/> when no silo can be named.</summary>
    public static SiloTarget Resolve(OrchestratorClientOptions options)
    {
        var explicitCluster = FromOptions(options);
        if (options.Gateway is { } explicitGateway)
        {
            var gateway = GatewayAddress.Parse(explicitGateway) ?? throw new ArgumentException(
                $"Gateway \"{explicitGateway}\" is not host:port (for example 127.0.0.1:8782, the \"gateway\" of silo.json).", nameof(options));
            if (explicitCluster is not null)
            {
                return new SiloTarget(gateway, null, null, explicitCluster);
            }

            var same = SameSilo(options.StateDirectory, gateway);
            var token = options.Token ?? same?.Token;
            return token is null && same?.Cluster is null
                ? throw new SiloUnavailableException($"no credential for the gateway {explicitGateway}: pass the silo's token (the \"token\" of its silo.json), or for a cluster node a client certificate signed by the cluster's authority (--certificate, --certificate-key, --certificate-authority)", gateway: explicitGateway)
                : new SiloTarget(gateway, token, null, options.Token is null ? same?.Cluster : null);
        }

        var info = SiloDiscovery.Read(options.StateDirectory);
        var path = SiloDiscovery.InfoPath(options.StateDirectory);
        var named = info.Gateway is { } text ? GatewayAddress.Parse(text) : null;
        return named is null
            ? throw SiloUnavailableException.NoGateway(path)
            : new SiloTarget(named, options.Token ?? info.Token, path, explicitCluster ?? info.Cluster)
            {
                CertificateNames = explicitCluster is null ? InfoNames(path) : OptionNames,
            };
    }

    private static ClusterCertificates.SettingNames InfoNames(string path) => new(
        $"\"cluster.certificate\" of {path}", $"\"cluster.certificateKey\" of {path}", $"\"cluster.certificatePassword\" of {path}", $"\"cluster.certificateAuthority\" of {path}");

    private static ClusterCredentials? FromOptions(OrchestratorClientOptions options) =>
        options.Certificate is { Length: > 0 } certificate
            ? new ClusterCredentials(
                options.ClusterId ?? OrchestratorCluster.ClusterId,
                certificate,
                options.CertificateKey,
                options.CertificateAuthority ?? string.Empty,
                options.CertificatePassword)
            : null;

    private static SiloInfo? SameSilo(string? stateDirectory, IPEndPoint gateway)
    {
        try
        {
            var info = SiloDiscovery.Read(stateDirectory);
            return info.Gateway is { } text && gateway.Equals(GatewayAddress.Parse(text)) ? info : null;
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }
}
