using Microsoft.Extensions.Configuration;
using Orchestrator.Cluster.Tests.Support;
using Orchestrator.Silo.Cluster;
using Orchestrator.TestSupport;

namespace Orchestrator.Cluster.Tests;

/// <summary>Cluster mode refuses to start, saying what to fix, when a setting is missing or wrong; without it nothing changes.</summary>
public sealed class ClusterSettingsTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly TestCertificates _certificates;
    private readonly (string Certificate, string Key) _node;

    public ClusterSettingsTests()
    {
        _certificates = new TestCertificates(_folder.Path);
        _node = _certificates.Issue("node1");
    }

    [Fact]
    public void NoRedis_IsNotClusterMode() => Assert.Null(ClusterMode.From(Configuration([])));

    [Fact]
    public void Complete_LoadsTheCertificates()
    {
        var mode = ClusterMode.From(Configuration(Valid()))!;
        Assert.Equal("127.0.0.1", mode.Advertised.ToString());
        Assert.Equal(mode.Advertised, mode.Listen);
        Assert.True(mode.Certificates.Certificate.HasPrivateKey);
        Assert.Equal("node1", mode.Credentials().Node);
    }

    [Theory]
    [InlineData("AdvertisedAddress", null, "Orchestrator:Cluster:AdvertisedAddress")]
    [InlineData("AdvertisedAddress", "gpu-box.lan", "is not an IP address")]
    [InlineData("AdvertisedAddress", "5", "is not an IP address")]
    [InlineData("Certificate", null, "Orchestrator:Cluster:Certificate is not set")]
    [InlineData("CertificateKey", null, "Orchestrator:Cluster:CertificateKey (its private key, PEM) is not set")]
    [InlineData("CertificateAuthority", null, "Orchestrator:Cluster:CertificateAuthority is not set")]
    [InlineData("CertificateAuthority", "/nonexistent/ca.pem", "names /nonexistent/ca.pem, which does not exist")]
    [InlineData("Certificate", "/nonexistent/node.pem", "names /nonexistent/node.pem, which does not exist")]
    public void MissingOrWrongSetting_RefusesNamingIt(string setting, string? value, string expected)
    {
        var settings = Valid();
        settings[$"Orchestrator:Cluster:{setting}"] = value;

        var error = Assert.Throws<InvalidOperationException>(() => ClusterMode.From(Configuration(settings)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableKey_RefusesNamingTheFiles()
    {
        var settings = Valid();
        File.WriteAllText(_folder.File("garbage.key"), "not a key");
        settings["Orchestrator:Cluster:CertificateKey"] = _folder.File("garbage.key");

        var error = Assert.Throws<InvalidOperationException>(() => ClusterMode.From(Configuration(settings)));

        Assert.Contains("Cannot read Orchestrator:Cluster:Certificate", error.Message, StringComparison.Ordinal);
        Assert.Contains("garbage.key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateOfAnotherAuthority_Refuses()
    {
        var settings = Valid();
        (settings["Orchestrator:Cluster:Certificate"], settings["Orchestrator:Cluster:CertificateKey"]) = _certificates.Issue("rogue", rogue: true);

        var error = Assert.Throws<InvalidOperationException>(() => ClusterMode.From(Configuration(settings)));

        Assert.Contains("not signed by the cluster's certificate authority", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PfxWithPassword_Loads_WrongPassword_RefusesNamingTheFile()
    {
        using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(_node.Certificate, _node.Key);
        var pfx = _folder.File("node1.pfx");
        File.WriteAllBytes(pfx, pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "secret"));
        var settings = Valid();
        (settings["Orchestrator:Cluster:Certificate"], settings["Orchestrator:Cluster:CertificateKey"], settings["Orchestrator:Cluster:CertificatePassword"]) = (pfx, null, "secret");

        Assert.True(ClusterMode.From(Configuration(settings))!.Certificates.Certificate.HasPrivateKey);

        settings["Orchestrator:Cluster:CertificatePassword"] = "wrong";
        var error = Assert.Throws<InvalidOperationException>(() => ClusterMode.From(Configuration(settings)));
        Assert.Contains($"Cannot read Orchestrator:Cluster:Certificate ({pfx})", error.Message, StringComparison.Ordinal);
        Assert.Contains("password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientCertificate_IsNotANodes()
    {
        var settings = Valid();
        (settings["Orchestrator:Cluster:Certificate"], settings["Orchestrator:Cluster:CertificateKey"]) = _certificates.Issue("laptop", client: true);

        var error = Assert.Throws<InvalidOperationException>(() => ClusterMode.From(Configuration(settings)));

        Assert.Contains("is a client's", error.Message, StringComparison.Ordinal);
        Assert.Contains("serverAuth", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private Dictionary<string, string?> Valid() => new()
    {
        ["Orchestrator:Cluster:Redis"] = "127.0.0.1:6379",
        ["Orchestrator:Cluster:NodeName"] = "node1",
        ["Orchestrator:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Orchestrator:Cluster:Certificate"] = _node.Certificate,
        ["Orchestrator:Cluster:CertificateKey"] = _node.Key,
        ["Orchestrator:Cluster:CertificateAuthority"] = _certificates.Authority,
    };

    private static IConfiguration Configuration(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
