using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// The engine's floor for bench P9: what any Orleans silo with one Kestrel endpoint costs, built like the orchestrator's
// silo (slim WebApplication, localhost clustering on a free port, no gateway) and with nothing of the orchestrator's.
// Prints llama-server's listening line on stderr so the bench's DirectServer finds its port; runs until SIGTERM.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning); // the silo's appsettings.json does the same
builder.UseOrleans(silo => silo.UseLocalhostClustering(FreeLoopbackPort(), gatewayPort: 0, serviceId: "bench-bare", clusterId: "bench-bare"));
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));

var app = builder.Build();
app.MapGet("/", () => "ok");
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
await Console.Error.WriteLineAsync($"main: server is listening on {address}");
await app.WaitForShutdownAsync();
return 0;

// Not Orleans' default 11111, which another silo on the machine may hold: a port the OS says is free now.
static int FreeLoopbackPort()
{
    using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)probe.LocalEndPoint!).Port;
}
