using Orleans.Runtime.Messaging;

namespace Orchestrator.Client.Connection;

/// <summary>Which of Orleans' exceptions mean "the connection to the silo is gone" rather than "the call failed".</summary>
internal static class ConnectionErrors
{
    public static bool IsLostConnection(Exception error) => error is
        Orleans.Runtime.SiloUnavailableException
        or OrleansMessageRejectionException
        or ConnectionFailedException
        or ObjectDisposedException;
}
