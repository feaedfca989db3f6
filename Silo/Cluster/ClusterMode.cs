using System.Net;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Silo.Cluster;

/// <summary>
/// Cluster mode, checked and loaded before anything starts: the settings, the addresses and the certificates. A setting that
/// is missing or wrong stops the start with a message that names it (<see cref="InvalidOperationException"/>).
/// </summary>
public sealed class ClusterMode
{
    private ClusterMode(ClusterSettings settings, IPAddress advertised, IPAddress listen, ClusterCertificates certificates)
    {
        Settings = settings;
        Advertised = advertised;
        Listen = listen;
        Certificates = certificates;
    }

    public ClusterSettings Settings { get; }

    /// <summary>The address the other nodes reach this one at.</summary>
    public IPAddress Advertised { get; }

    /// <summary>The address the silo and gateway ports listen on.</summary>
    public IPAddress Listen { get; }

    public ClusterCertificates Certificates { get; }

    /// <summary>Null when cluster mode is off (no <c>Orchestrator:Cluster:Redis</c>); else the checked settings and loaded certificates.</summary>
    public static ClusterMode? From(IConfiguration configuration)
    {
        var settings = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (!settings.Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(settings.ClusterId) || string.IsNullOrWhiteSpace(settings.NodeName))
        {
            throw new InvalidOperationException(
                $"{ClusterSettings.Section}:{nameof(ClusterSettings.ClusterId)} and :{nameof(ClusterSettings.NodeName)} must not be empty (defaults: \"{ClusterSettings.DefaultClusterId}\" and the machine's name).");
        }

        var advertised = settings.Advertised();
        var listen = settings.Listen();
        var certificates = ClusterCertificates.Load(settings.Certificate, settings.CertificateKey, settings.CertificatePassword, settings.CertificateAuthority, ClusterSettings.Names);
        if (certificates.CheckNode(certificates.Certificate, null) is { } problem)
        {
            certificates.Dispose();
            throw new InvalidOperationException(
                $"{ClusterSettings.Names.Certificate} ({settings.Certificate}): {problem}. A node's certificate serves its ports: issue it with extendedKeyUsage=serverAuth,clientAuth; {ClusterCertificates.Hint}.");
        }

        return new ClusterMode(settings, advertised, listen, certificates);
    }

    /// <summary>A start that failed because the membership store could not be reached, said as what to fix; else null.</summary>
    public static string? Explain(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is StackExchange.Redis.RedisConnectionException)
            {
                return $"cannot reach the cluster's membership store ({ClusterSettings.Section}:{nameof(ClusterSettings.Redis)}): {e.Message.Split(". ")[0]}. Start redis-server there (reachable from this machine), or correct the setting.";
            }
        }

        return null;
    }

    /// <summary>What silo.json tells a local client: the cluster's id and this node's certificate (its user's, like the file).</summary>
    public ClusterCredentials Credentials() => new(
        Settings.ClusterId,
        Path.GetFullPath(Settings.Certificate!),
        Settings.CertificateKey is { Length: > 0 } key ? Path.GetFullPath(key) : null,
        Path.GetFullPath(Settings.CertificateAuthority!),
        Settings.CertificatePassword,
        Settings.NodeName);
}
