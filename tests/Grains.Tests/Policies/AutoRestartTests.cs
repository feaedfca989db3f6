using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>auto_restart: a crashed model starts again with a doubling backoff, and gives up after the allowed restarts.</summary>
[Collection(GrainCluster.Collection)]
public sealed class AutoRestartTests(GrainCluster cluster)
{
    private static readonly ModelPolicy Restarting = ModelPolicy.None with { AutoRestart = true };

    private static void FastRestarts(ModelGrainOptions o)
    {
        o.RestartBackoff = TimeSpan.FromMilliseconds(20);
        o.MaxRestarts = 3;
    }

    [Fact]
    public async Task CrashAtEveryLoad_RestartsWithDoublingBackoff_ThenGivesUp()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, FastRestarts,
            ("m", new FakeScenario { ExitAtLoadCode = 3, ExitAtLoadMessage = "bad weights" }, Restarting));
        await using var inbox = await bed.SubscribeEventsAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => bed.Grain("m").StartAsync());

        var crashes = new List<ModelState>();
        var restarts = new List<ModelState>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var change in bed.Mine(inbox, deadline.Token))
        {
            if (change.State.Status == ModelStatus.Crashed)
            {
                crashes.Add(change.State);
                if (change.State.Reason!.Contains("gave up", StringComparison.Ordinal))
                {
                    break;
                }
            }
            else if (change.State.Status == ModelStatus.Starting && change.Previous == ModelStatus.Crashed)
            {
                restarts.Add(change.State);
            }
        }

        Assert.Equal(["restarting in 0.02 s", "restarting in 0.04 s", "restarting in 0.08 s"],
            crashes.Take(3).Select(c => c.Reason!.Split('\n')[^1].Split(" (")[0]));
        Assert.Equal(3, restarts.Count);
        Assert.All(restarts, r => Assert.Equal(Decisions.Restarted, r.Decision));
        Assert.StartsWith("restart 3 of 3 after: exited with code 3", restarts[^1].Reason, StringComparison.Ordinal);
        Assert.EndsWith("gave up after 3 restarts within 00:10:00 (auto_restart)", crashes[^1].Reason, StringComparison.Ordinal);
        Assert.Contains("bad weights", crashes[^1].Reason, StringComparison.Ordinal);
        Assert.Empty(bed.LiveChildren());
    }

    [Fact]
    public async Task CrashWhileRunning_StartsAgainAndServes()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, FastRestarts,
            ("m", new FakeScenario { LoadMs = 0, TokenCount = 10, CrashAfterTokens = 2 }, Restarting));
        var first = await bed.Grain("m").StartAsync();

        var events = await ReadAllAsync(await bed.ChatAsync("m", Hello));

        Assert.IsType<ChatError>(events[^1]);
        var again = await bed.WaitForAsync("m", s => s.Status == ModelStatus.Running && s.Pid != first.Pid);
        Assert.Equal(Decisions.Restarted, again.Decision);
        Assert.Single(bed.LiveChildren());
    }

    [Fact]
    public async Task StopDuringTheBackoff_CancelsTheRestart()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, o => o.RestartBackoff = TimeSpan.FromMilliseconds(500),
            ("m", new FakeScenario { LoadMs = 0, TokenCount = 10, CrashAfterTokens = 1 }, Restarting));
        await bed.Grain("m").StartAsync();
        await ReadAllAsync(await bed.ChatAsync("m", Hello));
        var crashed = await bed.WaitForAsync("m", s => s.Status == ModelStatus.Crashed);
        Assert.Contains("restarting in 0.5 s", crashed.Reason, StringComparison.Ordinal);

        await bed.Grain("m").StopAsync();
        await using var inbox = await bed.SubscribeEventsAsync();
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(1)); // past the backoff
        var later = new List<ModelStateChanged>();
        try
        {
            await foreach (var change in bed.Mine(inbox, quiet.Token))
            {
                later.Add(change);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Assert.Empty(later);
        Assert.Equal(ModelStatus.Stopped, (await bed.Grain("m").GetStateAsync()).Status);
    }
}
