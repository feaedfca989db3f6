using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Checks Orleans' silo port before Orleans binds it. Orleans' listener sets ReuseAddress, so a taken port could fail late
/// and obscurely (or, with SO_REUSEPORT peers, be shared); a plain bind here fails at once and the message names the port
/// and the setting.
/// </summary>
internal static class SiloPorts
{
    /// <summary>The port to use: <paramref name="port"/> when it is free on loopback, a free one when it is 0.</summary>
    public static int Claim(int port, string setting)
    {
        if (port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"{setting} is {port}; a port is 1-65535, or 0 to pick a free one.");
        }

        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new InvalidOperationException(
                $"Port {port} on 127.0.0.1, Orleans' silo port ({setting}), is already in use ({e.Message}). Another silo or program holds it: stop it, or choose another port with {setting}.",
                e);
        }

        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
