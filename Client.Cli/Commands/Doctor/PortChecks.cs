using System.Net;
using System.Net.Sockets;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>Whether the ports a silo listens on are free on 127.0.0.1 (checked only when no silo runs: one that does holds them).</summary>
internal static class PortChecks
{
    /// <summary>A port the silo binds: what it is for, and the silo's option that moves it (null when it has none).</summary>
    public sealed record SiloPort(int Port, string What, string? Option);

    public static IReadOnlyList<DoctorCheck> Run(IReadOnlyList<SiloPort> ports, bool siloRunning)
    {
        if (siloRunning)
        {
            var numbers = string.Join(", ", ports.Select(p => p.Port));
            return [DoctorCheck.Pass("ports", $"a silo is running and holds its ports; {numbers} not checked")];
        }

        return [.. ports.Select(Check)];
    }

    private static DoctorCheck Check(SiloPort port)
    {
        var check = $"port {port.Port} ({port.What})";
        // A plain bind, as the silo probes its own silo port (SiloPorts): with SO_REUSEADDR, which .NET pairs with
        // SO_REUSEPORT on Linux, a port that another program listens on could look free.
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port.Port));
            return DoctorCheck.Pass(check, "free");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            var move = port.Option is null ? string.Empty : $", or start the silo with {port.Option} <another port>";
            return DoctorCheck.Fail(check, $"in use on 127.0.0.1 ({e.Message})", $"stop the program that holds it{move}");
        }
    }
}
