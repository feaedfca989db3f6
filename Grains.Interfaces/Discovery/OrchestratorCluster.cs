namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>
/// Orleans' cluster identity of every orchestrator silo. Not a secret (a gateway tells every connecting client its own):
/// the gateway's credential is the silo's token (<see cref="GatewayHandshake"/>).
/// </summary>
public static class OrchestratorCluster
{
    /// <summary>Orleans' service id.</summary>
    public const string ServiceId = "orchestrator";

    /// <summary>Orleans' cluster id.</summary>
    public const string ClusterId = "orchestrator";
}
