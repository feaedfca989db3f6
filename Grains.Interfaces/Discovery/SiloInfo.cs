namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>The content of <c>silo.json</c>: how local clients find and authenticate to the running silo.</summary>
/// <param name="Url">The silo's base URL, with the real port.</param>
/// <param name="Token">The bearer token every <c>/v1</c> call needs.</param>
/// <param name="Pid">The silo's process id; a file whose pid is not alive is stale.</param>
public sealed record SiloInfo(string Url, string Token, int Pid);
