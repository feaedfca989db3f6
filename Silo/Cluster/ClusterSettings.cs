using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Silo.Cluster;

/// <summary>
/// Cluster mode's settings (section <c>Orchestrator:Cluster</c>, e.g. <c>Orchestrator__Cluster__Redis</c>). Opt-in: with no
/// <see cref="Redis"/> the silo is the single localhost silo it always was, and nothing here is read.
/// </summary>
public sealed class ClusterSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Orchestrator:Cluster";

    /// <summary>Default <see cref="ClusterId"/>.</summary>
    public const string DefaultClusterId = "orchestrator";

    /// <summary>The membership store: a StackExchange.Redis connection string, e.g. <c>10.0.0.5:6379,password=...</c>. Set means cluster mode.</summary>
    public string? Redis { get; set; }

    /// <summary>Orleans' cluster id: silos (and clients) with the same one form one cluster in the store.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>This node's name (Orleans' silo name, shown with its models); the machine's name by default.</summary>
    public string NodeName { get; set; } = Environment.MachineName;

    /// <summary>The IP address other silos and remote clients reach this one at (required in cluster mode).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// The address the silo and gateway ports listen on; by default the advertised address, so they are reachable only where
    /// the silo says it is. <c>0.0.0.0</c> when the advertised address is not one of this machine's (NAT, containers).
    /// </summary>
    public string? ListenAddress { get; set; }

    /// <summary>This node's certificate: PEM (with <see cref="CertificateKey"/>) or PFX (with <see cref="CertificatePassword"/>).</summary>
    public string? Certificate { get; set; }

    /// <summary>The PEM private key of a PEM <see cref="Certificate"/>.</summary>
    public string? CertificateKey { get; set; }

    /// <summary>The password of a PFX <see cref="Certificate"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The PEM file of the cluster's certificate authority: the only root a remote certificate may chain to.</summary>
    public string? CertificateAuthority { get; set; }

    /// <summary>Whether cluster mode is on.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>The settings' names in messages.</summary>
    internal static Grains.Interfaces.Discovery.ClusterCertificates.SettingNames Names { get; } = new(
        $"{Section}:{nameof(Certificate)}", $"{Section}:{nameof(CertificateKey)}", $"{Section}:{nameof(CertificatePassword)}", $"{Section}:{nameof(CertificateAuthority)}");

    /// <summary>The advertised address; throws <see cref="InvalidOperationException"/> when it is missing or not an IP address.</summary>
    public IPAddress Advertised() =>
        string.IsNullOrWhiteSpace(AdvertisedAddress)
            ? throw new InvalidOperationException(
                $"Cluster mode ({Section}:{nameof(Redis)} is set) needs {Section}:{nameof(AdvertisedAddress)}: the IP address of this machine that the other nodes reach it at, e.g. Orchestrator__Cluster__AdvertisedAddress=192.168.1.20.")
            : Address(AdvertisedAddress, nameof(AdvertisedAddress));

    /// <summary>The address the silo and gateway ports listen on (see <see cref="ListenAddress"/>).</summary>
    public IPAddress Listen() => string.IsNullOrWhiteSpace(ListenAddress) ? Advertised() : Address(ListenAddress, nameof(ListenAddress));

    private static IPAddress Address(string text, string setting) =>
        // TryParse alone takes "5" for 0.0.0.5: a v4 address must have its four parts.
        IPAddress.TryParse(text, out var address) && (address.AddressFamily == AddressFamily.InterNetworkV6 || text.Count(c => c == '.') == 3)
            ? address
            : throw new InvalidOperationException($"{Section}:{setting} \"{text}\" is not an IP address; give one of this machine's addresses, e.g. 192.168.1.20 (not a host name: Orleans advertises an address).");
}
