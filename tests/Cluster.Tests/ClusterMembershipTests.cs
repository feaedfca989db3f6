using System.Diagnostics;
using Orchestrator.Cluster.Tests.Support;
using Orchestrator.TestSupport;
using Xunit.Abstractions;

namespace Orchestrator.Cluster.Tests;

/// <summary>Three silo processes on this machine as three machines: one cluster, failure detection, rejoin.</summary>
[Collection(RedisGroup.Name)]
public sealed class ClusterMembershipTests(RedisServer redis, ITestOutputHelper output) : ClusterTestBase(redis, output)
{
    private static readonly string[] All = ["node1", "node2", "node3"];

    [RedisFact]
    public async Task ThreeSilos_FormOneCluster_SeenThroughAnyGateway()
    {
        var nodes = All.Select(name => StartNode(name, models: $"{name}/m")).ToList();
        foreach (var node in nodes)
        {
            await node.WaitReadyAsync();
        }

        foreach (var node in nodes)
        {
            // A client with nothing but the node's silo.json: its certificate and the cluster's authority come from there.
            var client = await ConnectAsync(node);
            var active = await Membership.WaitAsync(client, a => a.SetEquals(All), $"three active silos seen from {node.Name}");
            Assert.Equal(All, active.Order(StringComparer.Ordinal));
        }
    }

    [RedisFact]
    public async Task Sigkill_SurvivorsDeclareItDead_ItsServersDie_ItRejoinsWhenRestarted()
    {
        var nodes = All.Select(name => StartNode(name, models: $"{name}/m")).ToList();
        foreach (var node in nodes)
        {
            await node.WaitReadyAsync();
        }

        var (first, victim) = (nodes[0], nodes[2]);
        var observer = await ConnectAsync(first);
        await Membership.WaitAsync(observer, a => a.SetEquals(All), "three active silos");
        var started = await (await ConnectAsync(victim)).StartAsync("node3/m");
        Assert.Contains(started.Pid!.Value, ProcessAssert.DescendantPids(victim.Pid)); // the model runs on the node it was started through

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        await Membership.WaitAsync(observer, a => !a.Contains("node3"), "node3 declared dead", TimeSpan.FromSeconds(60));
        var detection = clock.Elapsed;
        Output.WriteLine($"SIGKILL of node3 -> node1's membership no longer holds it Active: {detection.TotalMilliseconds:0} ms");
        await ProcessAssert.GoneAsync(started.Pid.Value); // the parent-death signal took its server along
        Assert.Empty(victim.LiveFakes());

        // The survivors keep serving: a model of node1 starts through node1.
        var survivor = await observer.StartAsync("node1/m");
        Assert.Contains(survivor.Pid!.Value, ProcessAssert.DescendantPids(first.Pid));
        await observer.StopAsync("node1/m");

        clock.Restart();
        victim.Restart();
        await Membership.WaitAsync(observer, a => a.SetEquals(All), "node3 active again after its restart", TimeSpan.FromSeconds(90));
        Output.WriteLine($"node3 restarted (same settings and ports) -> Active in node1's membership: {clock.Elapsed.TotalMilliseconds:0} ms from exec");
        await victim.WaitReadyAsync();
    }
}
