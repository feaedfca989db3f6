using Orchestrator.Client;

namespace Orchestrator.SiloTestSupport;

/// <summary>An Orleans client of a test silo, through its silo.json.</summary>
public static class TestSiloClient
{
    public static Task<OrchestratorClient> ConnectClientAsync(this TestSilo silo, bool reconnect = true) =>
        OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { StateDirectory = silo.StateDirectory, Reconnect = reconnect });
}
