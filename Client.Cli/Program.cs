using Orchestrator.Grains.Interfaces.Discovery;

Console.Error.WriteLine($"orch: the command-line client is not built yet. Silo state directory: {SiloStateDirectory.Resolve()}");
return 1;
