using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.Client;
using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;
using Orchestrator.Cluster.Tests.Support;
using Orchestrator.Grains.Interfaces.Discovery;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Xunit.Abstractions;

namespace Orchestrator.Cluster.Tests;

/// <summary>Mutual TLS: a machine without a certificate of the cluster's authority can neither join nor call a gateway.</summary>
[Collection(RedisGroup.Name)]
public sealed class ClusterSecurityTests(RedisServer redis, ITestOutputHelper output) : ClusterTestBase(redis, output)
{
    [RedisFact]
    public async Task RogueNode_CannotJoin_TheOthersKeepServing()
    {
        var nodes = new[] { StartNode("node1", models: "node1/m"), StartNode("node2", models: "node2/m") };
        foreach (var node in nodes)
        {
            await node.WaitReadyAsync();
        }

        var client = await ConnectAsync(nodes[0]);
        await Membership.WaitAsync(client, a => a.SetEquals(["node1", "node2"]), "two active silos");

        // Signed by another authority, and trusting only that one: it knows the store and the cluster id, nothing else.
        var rogue = StartNode("rogue", rogue: true, models: "rogue/m");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!rogue.HasExited && DateTime.UtcNow < deadline)
        {
            Assert.DoesNotContain("rogue", await Membership.ActiveAsync(client));
            await Task.Delay(100); // watching that it never turns Active, for as long as it tries
        }

        Output.WriteLine($"rogue exited: {rogue.HasExited}; its last lines:\n{string.Join('\n', rogue.Output.Split('\n').TakeLast(5))}");
        Assert.True(rogue.HasExited, "the rogue node was still running after 90 s");
        Assert.NotEqual(0, rogue.ExitCode);
        Assert.Equal(["node1", "node2"], (await Membership.ActiveAsync(client)).Order(StringComparer.Ordinal));
        Assert.Contains("Refused a TLS connection: certificate \"CN=rogue\"", nodes[0].Output + nodes[1].Output, StringComparison.Ordinal);
        Assert.NotNull(await client.StartAsync("node1/m")); // still serving
    }

    [RedisFact]
    public async Task Gateway_RefusesClientsWithoutTheClustersCertificate()
    {
        var node = StartNode("node1", models: "node1/m");
        var info = await node.WaitReadyAsync();
        var gateway = info.Gateway!;

        // A certificate of another authority, trusting that one: the client refuses the gateway (and the gateway it).
        var (rogueCertificate, rogueKey) = Certificates.Issue("rogue-client", rogue: true);
        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new()
        {
            Gateway = gateway, Certificate = rogueCertificate, CertificateKey = rogueKey, CertificateAuthority = Certificates.RogueAuthority, ClusterId = ClusterId,
        }));
        Output.WriteLine(refused.Message);
        Assert.Contains("not a node of this cluster", refused.Message, StringComparison.Ordinal);

        // A client that accepts any gateway: the gateway refuses its certificate, or its lack of one.
        using var rogueClient = X509Certificate2.CreateFromPemFile(rogueCertificate, rogueKey);
        await Assert.ThrowsAnyAsync<Exception>(() => RawClientAsync(gateway, rogueClient));
        await Assert.ThrowsAnyAsync<Exception>(() => RawClientAsync(gateway, null));
        // The silo logs the refusal as it closes the connection, so the line may come just after the client gave up.
        await node.WaitForOutputAsync("Refused a TLS connection: certificate \"CN=rogue-client\"");
        await node.WaitForOutputAsync("presented no certificate");

        // A client certificate of the cluster gets in, from another "machine" (no silo.json): flags only.
        var (certificate, key) = Certificates.Issue("laptop", client: true);
        await using var remote = await OrchestratorClient.ConnectAsync(new()
        {
            StateDirectory = Path.Combine(node.Folder, "no-silo-here"),
            Gateway = gateway, Certificate = certificate, CertificateKey = key, CertificateAuthority = Certificates.Authority, ClusterId = ClusterId,
        });
        Assert.Single(await remote.ListAsync());
    }

    /// <summary>A plain Orleans client over TLS that trusts any gateway and presents <paramref name="certificate"/> (or none).</summary>
    private async Task RawClientAsync(string gateway, X509Certificate2? certificate)
    {
        var services = new ServiceCollection();
        services.AddOrleansClient(client => client
            .UseStaticClustering(GatewayAddress.Parse(gateway)!)
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (OrchestratorCluster.ServiceId, ClusterId))
            .UseConnectionRetryFilter(static (_, _) => Task.FromResult(false))
            .UseTls(o =>
            {
                o.LocalCertificate = certificate;
                o.ClientCertificateMode = certificate is null ? RemoteCertificateMode.NoCertificate : RemoteCertificateMode.RequireCertificate;
                o.AllowAnyRemoteCertificate();
                o.OnAuthenticateAsClient = (_, ssl) => ssl.TargetHost = "127.0.0.1";
            }));
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IClusterClient>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await ((IHostedService)client).StartAsync(timeout.Token);
        await client.GetGrain<IManagementGrain>(0).GetHosts(); // reached only if the gateway let it in
    }
}
