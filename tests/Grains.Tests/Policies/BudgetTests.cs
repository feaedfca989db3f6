using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>The memory budget: eviction of idle models (least recently used first), the start queue, its timeout, limits.</summary>
[Collection(GrainCluster.Collection)]
public sealed class BudgetTests(GrainCluster cluster)
{
    private static readonly FakeScenario Quick = new() { LoadMs = 0 };

    [Fact]
    public async Task StartOverBudget_EvictsTheLeastRecentlyUsedIdleModels_InOrder()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(300),
            ("a", Quick, Needs(100)), ("b", Quick, Needs(100)), ("c", Quick, Needs(100)), ("d", Quick, Needs(100)));
        foreach (var model in new[] { "a", "b", "c" })
        {
            await bed.Grain(model).StartAsync();
        }

        await ReadAllAsync(await bed.ChatAsync("a", Hello)); // a is now the most recently used

        await bed.Grain("d").StartAsync();
        var b = await bed.WaitForAsync("b", s => s.Status == ModelStatus.Stopped);
        Assert.Equal(Decisions.Evicted, b.Decision);
        Assert.Contains($"\"{bed.Id("d")}\"", b.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("a").GetStateAsync()).Status);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("c").GetStateAsync()).Status);

        await bed.Grain("b").StartAsync(); // next least recently used: c (started before a's chat ended and d started)
        var c = await bed.WaitForAsync("c", s => s.Status == ModelStatus.Stopped);
        Assert.Equal(Decisions.Evicted, c.Decision);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("a").GetStateAsync()).Status);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("d").GetStateAsync()).Status);
        Assert.Equal(3, bed.LiveChildren().Count);
    }

    [Fact]
    public async Task StartWhileTheOnlyRoomIsBusy_Queues_ThenStartsWhenTheChatEnds_AndTheChatIsNotCut()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100),
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 30, TokenDelayMs = 20 }, Needs(100)), ("b", Quick, Needs(100)));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello));

        var starting = bed.Grain("b").StartAsync();
        var queued = await bed.WaitForAsync("b", s => s.Status == ModelStatus.Queued);

        Assert.Equal(1, queued.QueuePosition);
        Assert.Equal(Decisions.Queued, queued.Decision);
        Assert.Contains("busy with chats: " + bed.Id("a"), queued.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("a").GetStateAsync()).Status);
        Assert.IsType<ChatDone>(await FinishAsync(chat));
        Assert.Equal(ModelStatus.Running, (await starting).Status);
        var a = await bed.WaitForAsync("a", s => s.Status == ModelStatus.Stopped);
        Assert.Equal(Decisions.Evicted, a.Decision);
    }

    [Fact]
    public async Task QueuedStart_WithoutRoomWithinTheTimeout_FailsAndSaysWhy()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100, queueTimeout: TimeSpan.FromMilliseconds(300)),
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 1000, TokenDelayMs = 10 }, Needs(100)), ("b", Quick, Needs(100)));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("b").StartAsync());

        Assert.StartsWith("did not fit in 100 MB within 00:00:00.3", error.Reason, StringComparison.Ordinal);
        Assert.Equal(ErrorTypes.StartFailed, error.ErrorType);
        Assert.Equal(ModelStatus.Crashed, (await bed.Grain("b").GetStateAsync()).Status);
        Assert.Empty((await bed.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetBudgetAsync()).Queue);
        await chat.DisposeAsync();
    }

    [Fact]
    public async Task ModelBiggerThanTheWholeBudget_FailsAtOnce_WithoutAProcess()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100), ("big", Quick, Needs(250)));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("big").StartAsync());

        Assert.Contains("needs 250 MB, more than the whole memory budget of 100 MB", error.Reason, StringComparison.Ordinal);
        Assert.Empty(bed.LiveChildren());
    }

    [Fact]
    public async Task MaxRunningModels_EvictsByCount()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(0, maxRunning: 1),
            ("a", Quick, ModelPolicy.None), ("b", Quick, ModelPolicy.None));
        await bed.Grain("a").StartAsync();

        await bed.Grain("b").StartAsync();

        var a = await bed.WaitForAsync("a", s => s.Status == ModelStatus.Stopped);
        Assert.Equal(Decisions.Evicted, a.Decision);
        Assert.Contains("1 of 1 models running", a.Reason, StringComparison.Ordinal);
        Assert.Single(bed.LiveChildren());
    }

    [Fact]
    public async Task StopWhileQueued_LeavesTheQueue_AndTheWaitingStartHearsWhy()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100),
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 1000, TokenDelayMs = 10 }, Needs(100)), ("b", Quick, Needs(100)));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello));
        var starting = bed.Grain("b").StartAsync();
        await bed.WaitForAsync("b", s => s.Status == ModelStatus.Queued);

        var stopped = await bed.Grain("b").StopAsync();

        Assert.Equal(ModelStatus.Stopped, stopped.Status);
        var error = await Assert.ThrowsAsync<StartFailedException>(() => starting);
        Assert.StartsWith("stopped before it started", error.Reason, StringComparison.Ordinal);
        Assert.Empty((await bed.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetBudgetAsync()).Queue);
        await chat.DisposeAsync();
    }

    [Fact]
    public async Task QueuedStarts_AreServedFirstComeFirstServed()
    {
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100),
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 30, TokenDelayMs = 20 }, Needs(100)), ("b", Quick, Needs(100)), ("c", Quick, Needs(100)));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello));
        var b = bed.Grain("b").StartAsync();
        await bed.WaitForAsync("b", s => s.Status == ModelStatus.Queued);
        var c = bed.Grain("c").StartAsync();
        var cQueued = await bed.WaitForAsync("c", s => s.Status == ModelStatus.Queued);
        Assert.Equal(2, cQueued.QueuePosition);

        await FinishAsync(chat);

        Assert.Equal(ModelStatus.Running, (await b).Status); // first in, first served
        var cNext = await bed.WaitForAsync("c", s => s.QueuePosition == 1 || s.Status != ModelStatus.Queued);
        Assert.Equal(ModelStatus.Queued, cNext.Status); // b holds the room and is idle: c evicts it next
        Assert.Equal(ModelStatus.Running, (await c).Status);
        Assert.Equal(Decisions.Evicted, (await bed.WaitForAsync("b", s => s.Status == ModelStatus.Stopped)).Decision);
    }
}
