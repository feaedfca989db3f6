using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// Checks Orleans' ports before Orleans binds them. Orleans' listener sets ReuseAddress, so a taken port could fail late
/// and obscurely (or, with SO_REUSEPORT peers, be shared); a plain bind here fails at once and the message names the port
/// and the setting.
/// </summary>
internal static class SiloPorts
{
    /// <summary>One port to claim: its configured value (0 for a free one), its setting's name, and what it is for.</summary>
    public readonly record struct Request(int Port, string Setting, string What);

    /// <summary>
    /// The ports to use, in order: each configured one when it is free on <paramref name="address"/> (loopback, or cluster
    /// mode's listen address), a free one for 0. All are held until all are chosen, so two requests for a free port never get
    /// the same one.
    /// </summary>
    public static int[] Claim(IPAddress address, params Request[] requests)
    {
        var probes = new List<Socket>();
        try
        {
            return [.. requests.Select(request =>
            {
                var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                probes.Add(probe);
                return Bind(probe, address, request);
            })];
        }
        finally
        {
            probes.ForEach(probe => probe.Dispose());
        }
    }

    private static int Bind(Socket probe, IPAddress address, Request request)
    {
        var (port, setting, what) = request;
        if (port is < 0 or > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"{setting} is {port}; a port is 1-65535, or 0 to pick a free one.");
        }

        try
        {
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new InvalidOperationException(
                $"Port {port} on {address}, {what} ({setting}), is already in use ({e.Message}). Another silo or program holds it: stop it, or choose another port with {setting}.",
                e);
        }

        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
