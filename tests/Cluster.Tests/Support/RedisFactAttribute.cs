namespace Orchestrator.Cluster.Tests.Support;

/// <summary>
/// A fact that needs a Redis for the membership: <c>ORCH_TEST_REDIS</c> (host:port, what <c>.ci/run</c> starts), else a
/// <c>redis-server</c> binary to start one. Without either the test is reported skipped, with the reason.
/// </summary>
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.Unavailable() is { } reason)
        {
            Skip = reason;
        }
    }
}
