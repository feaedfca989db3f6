using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orchestrator.Silo.Tests;

/// <summary>Orleans' own listeners: on loopback, off Orleans' default ports, and no gateway without a credential.</summary>
public sealed class OrleansEndpointTests
{
    [Fact]
    public void Defaults_AreNotOrleansOwnPorts()
    {
        var defaults = new SiloOptions();

        Assert.NotEqual(EndpointOptions.DEFAULT_SILO_PORT, defaults.SiloPort);
        Assert.NotEqual(EndpointOptions.DEFAULT_GATEWAY_PORT, defaults.SiloPort);
        Assert.NotEqual(defaults.Port, defaults.SiloPort);
    }

    [Fact]
    public async Task Silo_ListensOnLoopbackWithNoGateway_AndAClientCannotGetIn()
    {
        await using var silo = await TestSilo.StartAsync();
        var endpoints = silo.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(0, endpoints.GatewayPort);
        Assert.Null(endpoints.GatewayListeningEndpoint);
        Assert.Equal(IPAddress.Loopback, endpoints.AdvertisedIPAddress);

        // A client that knows the silo port (the only Orleans port open) and the cluster id still gets no grain call.
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, endpoints.SiloPort))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("orchestrator", "orchestrator"))
            .UseConnectionRetryFilter((_, _) => Task.FromResult(false)));
        using var host = builder.Build();
        var connect = host.StartAsync();
        var error = await Record.ExceptionAsync(() => connect.WaitAsync(TimeSpan.FromSeconds(15)));

        // The silo-to-silo listener is no gateway: the handshake fails (usually at once) or never completes; either way
        // the client is never connected and can make no grain call.
        Assert.NotNull(error);
        Assert.True(error is Orleans.Runtime.Messaging.ConnectionFailedException or TimeoutException, $"unexpected: {error}");
    }

    [Fact]
    public async Task SiloPortHeldByAnotherProgram_BuildFailsNamingThePortAndTheSetting()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestSilo.StartAsync(new Dictionary<string, string?> { ["Orchestrator:SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        Assert.Contains($"Port {port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Orchestrator:SiloPort", error.Message, StringComparison.Ordinal);
    }
}
