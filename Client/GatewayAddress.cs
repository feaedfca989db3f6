using System.Net;

namespace Orchestrator.Client;

/// <summary>A silo's Orleans gateway as written in silo.json and on orch's command line: <c>host:port</c>.</summary>
public static class GatewayAddress
{
    /// <summary><c>host:port</c> as an endpoint (the host an IP address or <c>localhost</c>); null when it is not one.</summary>
    public static IPEndPoint? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 1 or > IPEndPoint.MaxPort)
        {
            return null;
        }

        var host = text[..colon].Trim('[', ']');
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? new IPEndPoint(IPAddress.Loopback, port)
            : IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port)
            : null;
    }
}
