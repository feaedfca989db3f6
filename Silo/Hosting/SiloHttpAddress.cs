using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Orchestrator.Silo.Hosting;

/// <summary>The URL at which clients on this machine reach the silo's HTTP API, read from Kestrel once it listens.</summary>
internal sealed class SiloHttpAddress(IServer server, IOptions<SiloOptions> options)
{
    public string Url
    {
        get
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? $"http://{options.Value.BindAddress}:{options.Value.Port}";
            // Kestrel reports a wildcard or IPv6 bind as such; clients on this machine reach it on loopback.
            return address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        }
    }
}
