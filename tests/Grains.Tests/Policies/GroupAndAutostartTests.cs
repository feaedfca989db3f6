using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>group: one model of a group runs at a time, the other stops once idle. autostart: a chat starts a stopped model.</summary>
[Collection(GrainCluster.Collection)]
public sealed class GroupAndAutostartTests(GrainCluster cluster)
{
    [Fact]
    public async Task Group_StartingOneModel_StopsTheOtherOnceItsChatEnds()
    {
        var group = ModelPolicy.None with { Group = $"g-{Guid.NewGuid():N}" }; // the shared silo has other tests' models
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 30, TokenDelayMs = 20 }, group), ("b", new FakeScenario { LoadMs = 0 }, group));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello));

        await bed.Grain("b").StartAsync();

        Assert.Equal(ModelStatus.Running, (await bed.Grain("a").GetStateAsync()).Status); // busy: it waits
        Assert.IsType<ChatDone>(await FinishAsync(chat));
        var a = await bed.WaitForAsync("a", s => s.Status == ModelStatus.Stopped);
        Assert.Equal(Decisions.Evicted, a.Decision);
        Assert.Contains($"group \"{group.Group}\"", a.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("b").GetStateAsync()).Status);
    }

    [Fact]
    public async Task Group_IdlePeer_StopsAtOnce_ButAModelOutsideTheGroupKeepsRunning()
    {
        var group = ModelPolicy.None with { Group = $"g-{Guid.NewGuid():N}" };
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("a", new FakeScenario { LoadMs = 0 }, group), ("b", new FakeScenario { LoadMs = 0 }, group), ("other", new FakeScenario { LoadMs = 0 }, ModelPolicy.None));
        await bed.Grain("a").StartAsync();
        await bed.Grain("other").StartAsync();

        await bed.Grain("b").StartAsync();

        Assert.Equal(Decisions.Evicted, (await bed.WaitForAsync("a", s => s.Status == ModelStatus.Stopped)).Decision);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("other").GetStateAsync()).Status);
    }

    [Fact]
    public async Task Autostart_ChatToAStoppedModel_StartsItAndAnswers()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("m", new FakeScenario { LoadMs = 200, TokenCount = 5 }, ModelPolicy.None with { Autostart = true }));

        var events = await ReadAllAsync(await bed.ChatAsync("m", Hello));

        Assert.IsType<ChatDone>(events[^1]);
        Assert.Equal(5, events.OfType<ChatDelta>().Count());
        Assert.Equal(ModelStatus.Running, (await bed.Grain("m").GetStateAsync()).Status);
    }

    [Fact]
    public async Task Autostart_ManyChatsAtOnce_OneProcess_EveryChatAnswered()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("m", new FakeScenario { LoadMs = 100, TokenCount = 3 }, ModelPolicy.None with { Autostart = true }));

        var chats = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ => await ReadAllAsync(await bed.ChatAsync("m", Hello))));

        Assert.All(chats, events => Assert.IsType<ChatDone>(events[^1]));
        Assert.Single(bed.LiveChildren());
    }

    [Fact]
    public async Task WithoutAutostart_ChatToAStoppedModel_IsRefused()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0 }));

        var error = await Assert.ThrowsAsync<ModelNotRunningException>(() => bed.ChatAsync("m", Hello));

        Assert.Equal(ModelStatus.Stopped, error.Status);
        Assert.Empty(bed.LiveChildren());
    }

    [Fact]
    public async Task Autostart_StartThatFails_AnswersTheChatWithTheReason()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, null,
            ("m", new FakeScenario { ExitAtLoadCode = 3, ExitAtLoadMessage = "bad weights" }, ModelPolicy.None with { Autostart = true }));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.ChatAsync("m", Hello));

        Assert.Contains("bad weights", error.Reason, StringComparison.Ordinal);
    }
}
