namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>The content of <c>silo.json</c>: how local clients find and authenticate to the running silo.</summary>
/// <param name="Url">The silo's base URL (HTTP API and web page), with the real port.</param>
/// <param name="Token">
/// The credential of this silo's run: the bearer token of every <c>/v1</c> call, and what an Orleans client presents to the
/// gateway (<see cref="GatewayHandshake"/>) of a single silo.
/// </param>
/// <param name="Pid">The silo's process id; a file whose pid is not alive is stale.</param>
/// <param name="Gateway">Orleans' client gateway as <c>host:port</c> (the advertised address and the real port).</param>
/// <param name="Cluster">
/// Set when the silo runs in cluster mode: its gateway takes the cluster's client certificate instead of the token.
/// </param>
public sealed record SiloInfo(string Url, string Token, int Pid, string? Gateway = null, ClusterCredentials? Cluster = null);
