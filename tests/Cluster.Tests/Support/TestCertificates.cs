using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Cluster.Tests.Support;

/// <summary>
/// A cluster's certificate authority and certificates signed by it, made at test time and written as PEM files (as the
/// README's openssl commands make them): node certificates usable as server and client, and a rogue authority with its own.
/// </summary>
public sealed class TestCertificates
{
    private readonly string _folder;
    private readonly Dictionary<string, (X509Certificate2 Certificate, ECDsa Key)> _authorities = [];

    public TestCertificates(string folder)
    {
        _folder = folder;
        Directory.CreateDirectory(folder);
        Authority = NewAuthority("ca", "CN=orchestrator test cluster CA");
        RogueAuthority = NewAuthority("rogue-ca", "CN=rogue CA");
    }

    /// <summary>The cluster's authority (PEM).</summary>
    public string Authority { get; }

    /// <summary>Another authority: what a machine outside the cluster would trust and be signed by.</summary>
    public string RogueAuthority { get; }

    /// <summary>
    /// A certificate for <paramref name="name"/> signed by the cluster's authority (or the rogue one): cert and key paths. A
    /// node's serves and opens connections (serverAuth, clientAuth); a client's only opens them (clientAuth).
    /// </summary>
    public (string Certificate, string Key) Issue(string name, bool rogue = false, bool client = false)
    {
        var (issuer, issuerKey) = _authorities[rogue ? "rogue-ca" : "ca"];
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        var usages = new OidCollection { new Oid("1.3.6.1.5.5.7.3.2") };
        if (!client)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        using var certificate = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        var prefix = Path.Combine(_folder, name);
        File.WriteAllText(prefix + ".pem", certificate.ExportCertificatePem());
        File.WriteAllText(prefix + ".key", key.ExportPkcs8PrivateKeyPem());
        return (prefix + ".pem", prefix + ".key");
    }

    private string NewAuthority(string file, string subject)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        _authorities[file] = (certificate, key);
        var path = Path.Combine(_folder, file + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }
}
