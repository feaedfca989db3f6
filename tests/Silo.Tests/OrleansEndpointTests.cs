using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;

namespace Orchestrator.Silo.Tests;

/// <summary>Orleans' own listeners: on loopback, off Orleans' default ports (strangers: GatewayStrangerTests).</summary>
public sealed class OrleansEndpointTests
{
    [Fact]
    public void Defaults_AreNotOrleansOwnPorts()
    {
        var defaults = new SiloOptions();

        Assert.NotEqual(EndpointOptions.DEFAULT_SILO_PORT, defaults.SiloPort);
        Assert.NotEqual(EndpointOptions.DEFAULT_GATEWAY_PORT, defaults.SiloPort);
        Assert.NotEqual(EndpointOptions.DEFAULT_GATEWAY_PORT, defaults.GatewayPort);
        Assert.NotEqual(defaults.Port, defaults.SiloPort);
        Assert.NotEqual(defaults.SiloPort, defaults.GatewayPort);
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
