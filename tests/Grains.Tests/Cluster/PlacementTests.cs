using System.Diagnostics;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.TestSupport;
using Xunit.Abstractions;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>
/// Issue 14 on three nodes: the catalog joins their models.json, each model runs on a node that lists it (the one with
/// room), chats and logs cross nodes, and a killed node's models turn Unavailable while the others serve.
/// </summary>
public sealed class PlacementTests(ITestOutputHelper output)
{
    private static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);
    private static readonly FakeScenario Quick = new() { LoadMs = 0 };
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>a on node 0, b on node 1, c on node 2, shared on nodes 0 and 1.</summary>
    private static Task<ThreeNodes> StartAsync(FakeScenario? c = null) => ThreeNodes.StartAsync(
    [
        ("Silo_0", "a", Quick, null),
        ("Silo_0", "shared", Quick, null),
        ("Silo_1", "shared", Quick, null),
        ("Silo_1", "b", Quick, null),
        ("Silo_2", "c", c ?? Quick, null),
    ]);

    [Fact]
    public async Task Catalog_JoinsEveryNodesModels_EachOnceWithTheNodesThatListIt()
    {
        await using var nodes = await StartAsync();

        var list = await nodes.ListAsync();

        Assert.Equal(["a", "b", "c", "shared"], list.Keys.Order());
        Assert.Equal(["Silo_0"], list["a"].Nodes);
        Assert.Equal(["Silo_1"], list["b"].Nodes);
        Assert.Equal(["Silo_2"], list["c"].Nodes);
        Assert.Equal(["Silo_0", "Silo_1"], list["shared"].Nodes.Order());
        Assert.All(list.Values, v => Assert.Equal(ModelStatus.Stopped, v.Status));
        Assert.All(list.Values, v => Assert.Contains(v.Node, v.Nodes));
    }

    [Fact]
    public async Task EachModel_RunsOnTheNodeThatListsIt_AndChatsThroughTheClientsGateway()
    {
        await using var nodes = await StartAsync();

        foreach (var (model, node) in new[] { ("a", "Silo_0"), ("b", "Silo_1"), ("c", "Silo_2") })
        {
            var state = await nodes.Grain(model).StartAsync();
            Assert.Equal(ModelStatus.Running, state.Status);
            Assert.Equal(node, state.Node);

            var events = await ReadAllAsync(await nodes.ChatAsync(model, Hello));
            Assert.Equal(FakeScenario.DefaultTokens, events.OfType<ChatDelta>().Select(d => d.Content));
            Assert.IsType<ChatDone>(events[^1]);
        }

        var list = await nodes.ListAsync();
        Assert.Equal("Silo_2", list["c"].Node);
        Assert.Equal(ModelStatus.Running, list["c"].Status);
        Assert.Equal(3, nodes.LiveChildren().Count);
    }

    [Fact]
    public async Task ModelListedTwice_GoesToTheNodeWithMoreRoom_AndEachBudgetCountsItsOwnModels()
    {
        await using var nodes = await ThreeNodes.StartAsync(
            [
                ("Silo_0", "big", Quick, ModelPolicy.None with { MemoryMb = 300 }),
                ("Silo_0", "shared", Quick, ModelPolicy.None with { MemoryMb = 100 }),
                ("Silo_1", "shared", Quick, ModelPolicy.None with { MemoryMb = 100 }),
            ],
            (node, options) => options.MemoryBudgetMb = 500);

        await nodes.Grain("big").StartAsync(); // node 0 now has 200 MB left, node 1 all 500
        var shared = await nodes.Grain("shared").StartAsync();

        Assert.Equal("Silo_1", shared.Node);
        Assert.Equal(300, (await nodes.BudgetOfAsync("Silo_0")).MemoryInUseMb);
        Assert.Equal(100, (await nodes.BudgetOfAsync("Silo_1")).MemoryInUseMb);
        Assert.Equal(0, (await nodes.BudgetOfAsync("Silo_2")).MemoryInUseMb);
    }

    [Fact]
    public async Task ManyCallersAtOnce_OnAModelTwoNodesList_OneGrainOneServerEveryChatAnswered()
    {
        await using var nodes = await StartAsync();
        var random = new Random(14);

        // Starts, chats and lists in a random order, all at once: placement runs once for the first of them.
        var work = Enumerable.Range(0, 60).Select(i => (random.Next(3), i)).Select(async pick =>
        {
            await Task.Yield();
            switch (pick.Item1)
            {
                case 0:
                    return (await nodes.Grain("shared").StartAsync()).Node;
                case 1:
                    await nodes.Grain("shared").StartAsync();
                    var events = await ReadAllAsync(await nodes.ChatAsync("shared", Hello));
                    Assert.IsType<ChatDone>(events[^1]);
                    return (await nodes.Grain("shared").GetStateAsync()).Node;
                default:
                    return (await nodes.ListAsync())["shared"].Node;
            }
        });
        var seen = await Task.WhenAll(work);

        var running = (await nodes.ListAsync())["shared"];
        Assert.Equal(ModelStatus.Running, running.Status);
        Assert.Contains(running.Node, new[] { "Silo_0", "Silo_1" });
        Assert.All(seen, node => Assert.Equal(running.Node, node));
        Assert.Single(nodes.LiveChildren());
    }

    [Fact]
    public async Task UnlistedModel_IsNotFound_AndPlacedNowhereElse()
    {
        await using var nodes = await StartAsync();

        await Assert.ThrowsAsync<ModelNotFoundException>(() => nodes.Catalog.GetAsync(nodes.Id("nowhere")));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => nodes.Grain("nowhere").StartAsync());
        Assert.Empty(nodes.LiveChildren());
    }

    [Fact]
    public async Task KilledNode_ItsModelsAreUnavailableWithItsName_WhileTheOthersServe()
    {
        await using var nodes = await StartAsync();
        await nodes.Grain("a").StartAsync();
        await nodes.Grain("c").StartAsync();
        await nodes.ListAsync(); // one node has seen every node's list: any node's catalog can ask it

        var clock = Stopwatch.StartNew();
        await nodes.KillAsync("Silo_2");
        var c = await EventuallyAsync(nodes, v => v.TryGetValue("c", out var c) && c is { Status: ModelStatus.Unavailable, Reason: { } r } && r.Contains("is down", StringComparison.Ordinal));
        output.WriteLine($"c Unavailable ('{c["c"].Reason}') {clock.Elapsed.TotalSeconds:0.00} s after the kill");

        Assert.Contains("\"Silo_2\"", c["c"].Reason, StringComparison.Ordinal);
        Assert.Equal("Silo_2", c["c"].Node);
        Assert.Null(c["c"].Pid);
        Assert.Equal(ModelStatus.Running, c["a"].Status);
        Assert.IsType<ChatDone>((await ReadAllAsync(await nodes.ChatAsync("a", Hello)))[^1]);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => nodes.Grain("c").StartAsync()); // never started where its file is not
    }

    [Fact]
    public async Task NodeKilledMidChat_TheChatEndsWithModelUnavailable()
    {
        await using var nodes = await StartAsync(new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 20 });
        await nodes.Grain("c").StartAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        var chat = await nodes.ChatAsync("c", Hello, deadline.Token);
        await using var events = chat.GetAsyncEnumerator(deadline.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.IsType<ChatDelta>(events.Current);

        var clock = Stopwatch.StartNew();
        await nodes.KillAsync("Silo_2");
        ChatEvent last;
        do
        {
            Assert.True(await events.MoveNextAsync(), "the chat's events ended without a terminal event");
            last = events.Current;
        }
        while (last is ChatDelta);

        output.WriteLine($"chat ended {clock.Elapsed.TotalSeconds:0.00} s after the kill: {last}");
        Assert.Equal(ErrorTypes.ModelUnavailable, Assert.IsType<ChatError>(last).Type);
    }

    [Fact]
    public async Task LogsOfAModelOnAnotherNode_AreFollowedFromTheirFirstLine()
    {
        await using var nodes = await StartAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        await using var follow = await ModelLogs.FollowAsync(nodes.Client, nodes.Id("c"), tail: 0, backlog: 1000, deadline.Token);

        await nodes.Grain("c").StartAsync();
        var first = await follow.FirstAsync(deadline.Token);

        var kept = await nodes.Grain("c").GetLogsAsync(1000);
        Assert.Equal(kept[0].Sequence, first.Sequence);
        Assert.Equal(kept[0].Text, first.Text);
    }

    [Fact]
    public async Task EventsStream_CarriesTheChangesOfEveryNode()
    {
        await using var nodes = await StartAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        await using var inbox = await StreamInbox.SubscribeAsync<ModelStateChanged>(nodes.Client, OrchestratorStreams.Events);

        var clock = Stopwatch.StartNew();
        foreach (var model in new[] { "a", "b", "c" })
        {
            await nodes.Grain(model).StartAsync();
            output.WriteLine($"{model} started {clock.ElapsedMilliseconds} ms");
        }

        var running = new HashSet<string>();
        await foreach (var change in inbox.ReadAllAsync(deadline.Token))
        {
            output.WriteLine($"{clock.ElapsedMilliseconds} ms: {change.State.Id} {change.State.Status}");
            if (change.State.Status == ModelStatus.Running && running.Add(change.State.Id.Value) && running.Count == 3)
            {
                break;
            }
        }

        Assert.Equal(new[] { "a", "b", "c" }.Select(nodes.Id).Order(), running.Order());
    }

    private static async Task<Dictionary<string, ModelView>> EventuallyAsync(ThreeNodes nodes, Func<Dictionary<string, ModelView>, bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var list = await nodes.ListAsync();
            if (condition(list))
            {
                return list;
            }

            Assert.True(clock.Elapsed < Deadline, $"not reached in {Deadline}: {string.Join("; ", list.Values.Select(v => $"{v.Id} {v.Status} {v.Reason}"))}");
            await Task.Delay(50);
        }
    }

    private static async Task<List<ChatEvent>> ReadAllAsync(ModelChat chat)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var events = new List<ChatEvent>();
        await foreach (var chatEvent in chat.WithCancellation(deadline.Token))
        {
            events.Add(chatEvent);
        }

        return events;
    }
}
