namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>The content of <c>silo.json</c>: how local clients find and authenticate to the running silo.</summary>
/// <param name="Url">The silo's base URL (HTTP API and web page), with the real port.</param>
/// <param name="Token">
/// The credential of this silo's run: the bearer token of every <c>/v1</c> call, and what an Orleans client presents to the
/// gateway (<see cref="GatewayHandshake"/>).
/// </param>
/// <param name="Pid">The silo's process id; a file whose pid is not alive is stale.</param>
/// <param name="Gateway">Orleans' client gateway as <c>host:port</c> (127.0.0.1 and the real port).</param>
public sealed record SiloInfo(string Url, string Token, int Pid, string? Gateway = null);
