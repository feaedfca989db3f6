using Orchestrator.Client;

namespace Orchestrator.Cluster.Tests.Support;

/// <summary>The cluster as one silo sees it, through Orleans' management grain, asked through a client of that silo's gateway.</summary>
public static class Membership
{
    /// <summary>The names of the silos the gateway's silo holds Active.</summary>
    public static async Task<IReadOnlySet<string>> ActiveAsync(OrchestratorClient client)
    {
        var connection = await client.ConnectionAsync(CancellationToken.None);
        var hosts = await connection.Client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true);
        return hosts.Select(h => h.SiloName).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Polls until <paramref name="done"/> holds for the active set (at most every 20 ms); fails at the deadline with the last set.</summary>
    public static async Task<IReadOnlySet<string>> WaitAsync(OrchestratorClient client, Func<IReadOnlySet<string>, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var active = await ActiveAsync(client);
            if (done(active))
            {
                return active;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{what}: not within {timeout ?? TimeSpan.FromSeconds(60)}; active: {string.Join(", ", active)}");
            await Task.Delay(20); // membership changes are not events a client can await
        }
    }
}
