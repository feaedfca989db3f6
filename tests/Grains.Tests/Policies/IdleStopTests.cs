using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>ttl: an idle model is stopped with the reason; a chat in flight is never cut, however long it lasts.</summary>
[Collection(GrainCluster.Collection)]
public sealed class IdleStopTests(GrainCluster cluster)
{
    [Fact]
    public async Task Ttl_IdleModel_IsStoppedWithTheDecisionAndReason()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("m", new FakeScenario { LoadMs = 0 }, ModelPolicy.None with { Ttl = TimeSpan.FromMilliseconds(300) }));
        var running = await bed.Grain("m").StartAsync();
        Assert.NotNull((await bed.Grain("m").GetStateAsync()).IdleSince);

        var stopped = await bed.WaitForAsync("m", s => s.Status == ModelStatus.Stopped);

        Assert.Equal(Decisions.IdleStopped, stopped.Decision);
        Assert.Contains("ttl 0.3", stopped.Reason, StringComparison.Ordinal);
        Assert.True(stopped.Since - running.Since >= TimeSpan.FromMilliseconds(300), $"stopped after {stopped.Since - running.Since}");
        Assert.Empty(bed.LiveChildren());
    }

    [Fact]
    public async Task Ttl_LongerThanAGrainTimerCanWait_StillStarts()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("m", new FakeScenario { LoadMs = 0 }, ModelPolicy.None with { Ttl = TimeSpan.FromDays(100) }));

        var running = await bed.Grain("m").StartAsync();

        Assert.Equal(ModelStatus.Running, running.Status);
        await bed.Grain("m").StopAsync();
    }

    [Fact]
    public async Task Ttl_ChatLongerThanTheTtl_EndsDone_AndTheModelStopsOnlyAfterIt()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("m", new FakeScenario { LoadMs = 0, TokenCount = 20, TokenDelayMs = 50 }, ModelPolicy.None with { Ttl = TimeSpan.FromMilliseconds(200) }));
        await bed.Grain("m").StartAsync();

        var events = await ReadAllAsync(await bed.ChatAsync("m", Hello));
        var chatEnded = DateTimeOffset.UtcNow;

        Assert.IsType<ChatDone>(events[^1]);
        Assert.Equal(20, events.OfType<ChatDelta>().Count());
        var stopped = await bed.WaitForAsync("m", s => s.Status == ModelStatus.Stopped);
        Assert.Equal(Decisions.IdleStopped, stopped.Decision);
        Assert.True(stopped.Since >= chatEnded.AddMilliseconds(-50), "stopped during the chat");
    }
}
