using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>
/// The certificates of cluster mode's mutual TLS, loaded once: this end's certificate (with its private key) and the cluster's
/// certificate authority, the only root a remote certificate may chain to. Silos and clients load them alike, so a setting
/// that is wrong fails the same way on both, at start, with what to fix.
/// </summary>
public sealed class ClusterCertificates : IDisposable
{
    /// <summary>Where the README shows how to make the certificates; every loading error ends with it.</summary>
    public const string Hint = "see the README, \"Running on several machines\", for how to create the cluster's certificates";

    private ClusterCertificates(X509Certificate2 certificate, X509Certificate2Collection authority)
    {
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>This end's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The cluster's certificate authority (one or more roots, e.g. during a rotation).</summary>
    public X509Certificate2Collection Authority { get; }

    /// <summary>
    /// Loads the certificate (PEM with <paramref name="keyPath"/>, or PFX with <paramref name="password"/>) and the authority,
    /// and checks that the certificate chains to it. Throws <see cref="InvalidOperationException"/> naming the setting
    /// (<paramref name="names"/>), the file and the fix.
    /// </summary>
    public static ClusterCertificates Load(string? certificatePath, string? keyPath, string? password, string? authorityPath, SettingNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var authority = LoadAuthority(Required(authorityPath, names.Authority, "the PEM file of the cluster's certificate authority"), names.Authority);
        var certificate = LoadCertificate(Required(certificatePath, names.Certificate, "this node's certificate (PEM or PFX), signed by the cluster's certificate authority"), keyPath, password, names);
        var result = new ClusterCertificates(certificate, authority);
        if (result.Check(certificate, null) is { } problem)
        {
            result.Dispose();
            throw new InvalidOperationException(
                $"{names.Certificate} ({certificatePath}) is not usable with {names.Authority} ({authorityPath}): {problem}. Sign it with the cluster's certificate authority; {Hint}.");
        }

        return result;
    }

    /// <summary>
    /// Null when <paramref name="remote"/> may be a node of the cluster: it chains to the authority (<see cref="Check"/>) and
    /// may act as a TLS server (no extended key usage, or serverAuth), as every node's certificate must for its own ports. A
    /// client's certificate (clientAuth only) opens the gateways, never the silo-to-silo port.
    /// </summary>
    public string? CheckNode(X509Certificate2 remote, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (Check(remote, presented) is { } problem)
        {
            return problem;
        }

        const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
        var usages = remote.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).ToList();
        return usages.Count == 0 || usages.Any(u => u.Value == ServerAuthentication)
            ? null
            : $"certificate \"{remote.Subject}\" is a client's (its extended key usage has no serverAuth), not a node's";
    }

    /// <summary>
    /// Null when <paramref name="remote"/> chains to the cluster's authority and is valid now; else why not. Only the
    /// authority is trusted (not the system's roots); intermediates the remote end presented (<paramref name="presented"/>)
    /// may complete the chain. Host names are not checked: silos are reached by IP address, and membership in the cluster
    /// is what the authority vouches for.
    /// </summary>
    public string? Check(X509Certificate2 remote, X509Chain? presented)
    {
        ArgumentNullException.ThrowIfNull(remote);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        // A private cluster authority publishes no revocation lists; removing a node means a new authority (README).
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        foreach (var element in presented?.ChainElements.Skip(1) ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        if (chain.Build(remote))
        {
            return null;
        }

        var reasons = chain.ChainStatus.Select(s => s.Status == X509ChainStatusFlags.UntrustedRoot || s.Status == X509ChainStatusFlags.PartialChain
                ? "not signed by the cluster's certificate authority"
                : s.StatusInformation.Trim())
            .Distinct();
        return $"certificate \"{remote.Subject}\" (issuer \"{remote.Issuer}\"): {string.Join("; ", reasons)}";
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var root in Authority)
        {
            root.Dispose();
        }
    }

    private static string Required(string? path, string setting, string what) =>
        string.IsNullOrWhiteSpace(path)
            ? throw new InvalidOperationException($"Cluster mode needs {what}: {setting} is not set. {char.ToUpperInvariant(Hint[0])}{Hint[1..]}.")
            : Path.GetFullPath(path);

    private static X509Certificate2Collection LoadAuthority(string path, string setting)
    {
        var authority = new X509Certificate2Collection();
        Read(path, setting, () => authority.ImportFromPemFile(path));
        return authority.Count > 0
            ? authority
            : throw new InvalidOperationException($"{setting} ({path}) holds no PEM certificate (\"-----BEGIN CERTIFICATE-----\"): name the cluster's ca.pem; {Hint}.");
    }

    private static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password, SettingNames names)
    {
        var isPfx = path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase);
        if (!isPfx && string.IsNullOrWhiteSpace(keyPath))
        {
            throw new InvalidOperationException(
                $"{names.Certificate} ({path}) is a PEM certificate, and {names.Key} (its private key, PEM) is not set; name the key file, or use a .pfx file with {names.Password}; {Hint}.");
        }

        var certificate = isPfx
            ? Read(path, names.Certificate, () => X509CertificateLoader.LoadPkcs12FromFile(path, password))
            : Read(Path.GetFullPath(keyPath!), names.Key, () => X509Certificate2.CreateFromPemFile(path, Path.GetFullPath(keyPath!)), path, names.Certificate);
        return certificate.HasPrivateKey
            ? certificate
            : throw new InvalidOperationException($"{names.Certificate} ({path}) has no private key; {Hint}.");
    }

    /// <summary>Runs a load, turning what can go wrong with a file into a message that names it and its setting.</summary>
    private static T Read<T>(string path, string setting, Func<T> load, string? otherPath = null, string? otherSetting = null)
    {
        foreach (var (file, name) in new[] { (path, setting), (otherPath, otherSetting) })
        {
            if (file is not null && !File.Exists(file))
            {
                throw new InvalidOperationException($"{name} names {file}, which does not exist; {Hint}.");
            }
        }

        try
        {
            return load();
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            var files = otherPath is null ? $"{setting} ({path})" : $"{otherSetting} ({otherPath}) with {setting} ({path})";
            throw new InvalidOperationException($"Cannot read {files}: {e.Message.TrimEnd('.')}. Check the file and its permissions (and the password of a PFX file); {Hint}.", e);
        }
    }

    private static void Read(string path, string setting, Action load) => Read<bool>(path, setting, () =>
    {
        load();
        return true;
    });

    /// <summary>How the caller names each setting in messages (a silo's configuration keys, a client's options).</summary>
    /// <param name="Certificate">The certificate's setting.</param>
    /// <param name="Key">The PEM key's setting.</param>
    /// <param name="Password">The PFX password's setting.</param>
    /// <param name="Authority">The certificate authority's setting.</param>
    public sealed record SettingNames(string Certificate, string Key, string Password, string Authority);
}
