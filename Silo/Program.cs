using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Silo;

// The silo: `dotnet run --project Silo -- --models <path> [--port <n>]`. See SiloApplication for what it is made of.
WebApplication app;
try
{
    app = SiloApplication.Build(args);
}
catch (Exception e) when (e is RegistryException or InvalidOperationException)
{
    // A configuration problem is the user's to fix: say what and where, without a stack trace.
    Console.Error.WriteLine($"orchestrator: {e.Message}");
    return 2;
}

try
{
    await app.RunAsync();
}
catch (Exception e) when (Orchestrator.Silo.Cluster.ClusterMode.Explain(e) is { } problem)
{
    // Cluster mode's store that cannot be reached is the user's to fix too (the log above has the details).
    Console.Error.WriteLine($"orchestrator: {problem}");
    return 2;
}

return 0;
