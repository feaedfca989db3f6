// A minimal Orleans silo hosting the model grains, run as its own process by the orphan tests: it starts N models, prints
// their server pids, then waits. Killed with SIGKILL, its children must die with it; sent SIGTERM, it stops them first.
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Processes;

if (args.Length < 4)
{
    Console.Error.WriteLine("usage: GrainHost <llama-server> <model-file> <journal-dir> <count>");
    return 2;
}

var options = new ModelGrainOptions { LlamaServerPath = args[0], ChildJournalDirectory = args[2] };
var models = Enumerable.Range(0, int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture))
    .Select(i => new ModelDefinition(new ModelId($"host/model-{i}"), "test", "test", $"model-{i}", "1", "none", args[1], [], null,
        new Dictionary<string, string>(), new Dictionary<string, System.Text.Json.JsonElement>()))
    .ToList();

foreach (var line in new ChildProcessJournal(args[2]).ReapSurvivors())
{
    Console.WriteLine($"REAPED {line}");
}

var builder = Host.CreateApplicationBuilder();
builder.Logging.ClearProviders();
builder.UseOrleans(silo => silo
    .UseLocalhostClustering(FreePort(), gatewayPort: 0)
    .AddOrchestratorGrains(ModelRegistry.Create("models.json", models), options));
using var host = builder.Build();
var stopping = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true; // stop the models first, then exit
    stopping.TrySetResult();
});

await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
foreach (var model in models)
{
    var state = await grains.GetGrain<IModelGrain>(model.Id.Value).StartAsync();
    Console.WriteLine($"CHILD {state.Pid}");
}

Console.WriteLine("READY");
await stopping.Task;
var node = INodeGrain.KeyOf(host.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress);
await grains.GetGrain<INodeGrain>(node).StopAllAsync();
Console.WriteLine("STOPPED");
await host.StopAsync();
return 0;

static int FreePort()
{
    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    return ((IPEndPoint)socket.LocalEndPoint!).Port;
}
