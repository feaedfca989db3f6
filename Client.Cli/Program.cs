using Orchestrator.Client;

Console.Error.WriteLine($"orch: the command-line client is not built yet. Silo state directory: {SiloDiscovery.StateDirectory()}");
return 1;
