using System.Net;
using System.Net.Sockets;

namespace Orchestrator.TestSupport;

/// <summary>Ports for tests that need nothing to listen.</summary>
public static class Ports
{
    /// <summary>A loopback port that was free a moment ago and that nothing listens on now.</summary>
    public static int Closed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
