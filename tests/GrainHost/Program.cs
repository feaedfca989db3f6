// A minimal host of model grains, run as its own process by the orphan tests: it starts N models, prints their
// server pids, then waits. Killed with SIGKILL, its children must die with it; sent SIGTERM, it stops them first.
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Models;

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

await using var directory = new ModelDirectory(models, options, TimeProvider.System, NullLoggerFactory.Instance);
foreach (var line in directory.ReapOrphans())
{
    Console.WriteLine($"REAPED {line}");
}

var stopping = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true; // stop the models first, then exit
    stopping.TrySetResult();
});

foreach (var model in models)
{
    var state = await directory.GetGrain(model.Id).StartAsync();
    Console.WriteLine($"CHILD {state.Pid}");
}

Console.WriteLine("READY");
await stopping.Task;
await directory.StopAllAsync();
Console.WriteLine("STOPPED");
return 0;
