using Orchestrator.Client;

namespace Orchestrator.SiloTestSupport;

/// <summary>A client of a test silo, with its token.</summary>
public static class TestSiloClient
{
    public static OrchestratorClient CreateClient(this TestSilo silo) => new(silo.Url, silo.Info.Token);
}
