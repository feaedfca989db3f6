using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orchestrator.Client;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.TestSupport;
using Orleans.Configuration;
using OrleansConnectionFailed = Orleans.Runtime.Messaging.ConnectionFailedException;
using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// S2: nobody without the silo's token gets through Orleans' ports: not a plain Orleans client (even one that knows the
/// cluster id), not one with a wrong or stale token, not a raw socket. None learns the cluster id; none reaches a grain.
/// </summary>
public sealed class GatewayStrangerTests
{
    [Fact]
    public async Task GatewayAndSiloPort_ListenOnLoopback_AndSiloJsonNamesTheGateway()
    {
        await using var silo = await TestSilo.StartAsync();
        var endpoints = silo.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);
        Assert.Equal($"127.0.0.1:{endpoints.GatewayPort}", silo.Info.Gateway);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PlainOrleansClientWithTheRightClusterId_IsRefusedBeforeAnyGrainCall(bool siloPort)
    {
        await using var silo = await TestSilo.StartAsync();
        var endpoints = silo.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;
        var port = siloPort ? endpoints.SiloPort : endpoints.GatewayPort;

        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, port))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (OrchestratorCluster.ClusterId, OrchestratorCluster.ServiceId))
            .UseConnectionRetryFilter((_, _) => Task.FromResult(false)));
        using var host = builder.Build();
        var error = await Record.ExceptionAsync(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.IsType<OrleansConnectionFailed>(error);
        await silo.Logs.WaitForAsync(line => line.Contains("Refused an Orleans connection", StringComparison.Ordinal) && line.Contains("no handshake", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task RawSocketSpeakingOrleans_GetsTheChallengeAndARefusalAndNeverTheClusterId()
    {
        await using var silo = await TestSilo.StartAsync();
        var gateway = GatewayAddress.Parse(silo.Info.Gateway!)!;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(gateway);

        // Whatever a stranger sends (here: bytes shaped like a preamble, as long as a handshake), it gets no Orleans byte.
        await socket.SendAsync(Encoding.ASCII.GetBytes("\0\0\0\x20orleans-preamble-of-a-stranger.....................................".PadRight(72, '.')));
        var received = await ReadToEndAsync(socket);

        AssertChallengeThenRefusal(received);
        Assert.DoesNotContain(OrchestratorCluster.ClusterId, Encoding.ASCII.GetString(received), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaleTokenOfAnEarlierRun_IsRefused_AndTheNewOneWorks()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        var stale = silo.Info.Token;
        await silo.RestartAsync();

        var refused = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { Gateway = silo.Info.Gateway, Token = stale }));
        await using var client = await OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { Gateway = silo.Info.Gateway, Token = silo.Info.Token });

        Assert.True(refused.CredentialRefused, refused.ToString());
        Assert.Equal("m", Assert.Single(await client.ListAsync()).Id);
        Assert.DoesNotContain(silo.Logs.Lines, line => line.Contains(stale, StringComparison.Ordinal) || line.Contains(silo.Info.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ManyStrangersAndOwnersAtOnce_EveryStrangerIsRefusedAndEveryOwnerGetsIn()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        var options = new OrchestratorClientOptions { Gateway = silo.Info.Gateway };

        var strangers = Enumerable.Range(0, 12).Select(i => Record.ExceptionAsync(() => OrchestratorClient.ConnectAsync(options with { Token = $"guess-{i}" })));
        var owners = Enumerable.Range(0, 12).Select(async _ =>
        {
            await using var client = await OrchestratorClient.ConnectAsync(options with { Token = silo.Info.Token });
            return (await client.ListAsync()).Count;
        });
        var refused = await Task.WhenAll(strangers);
        var listed = await Task.WhenAll(owners);

        Assert.All(refused, e => Assert.True(e is SiloUnavailableException { CredentialRefused: true }, e?.ToString()));
        Assert.All(listed, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task SilentConnection_IsClosedAfterTheHandshakeTimeout()
    {
        await using var silo = await TestSilo.StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(GatewayAddress.Parse(silo.Info.Gateway!)!);

        // Sends nothing: the silo must not keep the connection (and a slot of its own) forever.
        var received = await ReadToEndAsync(socket).WaitAsync(GatewayHandshake.Timeout * 6);

        AssertChallengeThenRefusal(received);
    }

    /// <summary>The silo's challenge (magic and a 32-byte nonce), then the one refusal byte, then the end.</summary>
    private static void AssertChallengeThenRefusal(byte[] received)
    {
        Assert.Equal(GatewayHandshake.Magic.Length + 32 + 1, received.Length);
        Assert.True(received.AsSpan(0, GatewayHandshake.Magic.Length).SequenceEqual(GatewayHandshake.Magic));
        Assert.Equal(GatewayHandshake.Refused, received[^1]);
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[256];
        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, read));
        }

        return [.. received];
    }
}
