using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FakeLlamaServer.Hosting;

/// <summary>
/// Kestrel on its own, without the generic host: no DI container, configuration or logging providers (stdout
/// must stay empty, as llama-server's), no console lifetime (the signal handler decides when to exit). Building a
/// WebApplication cost ~30 ms of a ~110 ms start-up, and test suites start this process hundreds of times.
/// </summary>
internal sealed class HttpHost : IAsyncDisposable
{
    private readonly KestrelServer _server;

    private HttpHost(KestrelServer server) => _server = server;

    /// <summary>Binds and starts listening; throws when the address cannot be bound.</summary>
    public static async Task<HttpHost> StartAsync(string host, int port, RequestDelegate handler)
    {
        var options = new KestrelServerOptions
        {
            AddServerHeader = false,
            ApplicationServices = EmptyServices.Instance,
        };
        // A flush completes only once the bytes are through Kestrel's buffers (below) and the socket took them, as
        // llama-server's blocking writes do: what a stream flushed before a scripted crash (_exit) reaches the client.
        options.Limits.MaxResponseBufferSize = 0;
        // llama-server (cpp-httplib) speaks HTTP/1.1 only.
        if (IsUnixSocket(host))
        {
            options.ListenUnixSocket(host, l => l.Protocols = HttpProtocols.Http1);
        }
        else
        {
            options.Listen(Resolve(host), port, l => l.Protocols = HttpProtocols.Http1);
        }

        // A write buffer of one byte: the transport pipe pauses the writer until its sender has sent everything.
        var transport = new SocketTransportFactory(Options.Create(new SocketTransportOptions { MaxWriteBufferSize = 1 }), NullLoggerFactory.Instance);
        var server = new KestrelServer(Options.Create(options), transport, NullLoggerFactory.Instance);
        await server.StartAsync(new Application(handler), CancellationToken.None);
        return new HttpHost(server);
    }

    /// <summary>llama-server's listening_address: the host as given and the bound port (the real one for --port 0).</summary>
    public string ListeningAddress(string host)
    {
        if (IsUnixSocket(host))
        {
            return $"unix://{host}";
        }

        var bound = _server.Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return $"http://{host}:{new Uri(bound).Port}";
    }

    /// <summary>Stops accepting connections and waits, without a deadline, for the requests in flight.</summary>
    public Task StopAsync() => _server.StopAsync(CancellationToken.None);

    public ValueTask DisposeAsync()
    {
        _server.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>llama-server listens on a Unix socket when --host ends in ".sock".</summary>
    public static bool IsUnixSocket(string host) => host.EndsWith(".sock", StringComparison.Ordinal);

    private static IPAddress Resolve(string host) =>
        IPAddress.TryParse(host, out var address) ? address
        : host == "localhost" ? IPAddress.Loopback
        : Dns.GetHostAddresses(host).First();

    /// <summary>Hands each request's features to the handler as an HttpContext.</summary>
    private sealed class Application(RequestDelegate handler) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => handler(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }

    /// <summary>Kestrel asks its options for services it may use; there are none.</summary>
    private sealed class EmptyServices : IServiceProvider
    {
        public static EmptyServices Instance { get; } = new();

        public object? GetService(Type serviceType) => null;
    }
}
