using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Client;
using Orchestrator.Cluster.Tests.Support;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.TestSupport;
using Xunit.Abstractions;

namespace Orchestrator.Cluster.Tests;

/// <summary>
/// Three silo processes as three machines, each with its own models.json: one catalog, each model run by the node that
/// has it, chats across nodes, and a node killed in the middle of a chat.
/// </summary>
[Collection(RedisGroup.Name)]
public sealed class ClusterPlacementTests(RedisServer redis, ITestOutputHelper output) : ClusterTestBase(redis, output)
{
    private static readonly string[] All = ["node1", "node2", "node3"];
    private static readonly ChatRequest Short = new([new ChatMessage("user", "Hello")])
    {
        Options = new Dictionary<string, JsonElement> { ["max_tokens"] = JsonDocument.Parse("5").RootElement },
    };

    private static readonly ChatRequest Long = new([new ChatMessage("user", "Hello")]);

    [RedisFact]
    public async Task EachModelRunsOnItsNode_ListedOnce_AndChatsThroughAnotherNodesGateway()
    {
        var nodes = await StartAllAsync();
        var client = await ConnectAsync(nodes[0]);

        var list = (await client.ListAsync()).ToDictionary(v => v.Id);
        Assert.Equal(["node1/m", "node2/m", "node3/m", "shared"], list.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["node2", "node3"], list["shared"].Nodes.Order(StringComparer.Ordinal));
        Assert.Equal(["node3"], list["node3/m"].Nodes);

        var started = await client.StartAsync("node3/m"); // through node1's gateway
        Assert.Equal("node3", started.Node);
        Assert.Contains(started.Pid!.Value, ProcessAssert.DescendantPids(nodes[2].Pid));
        var events = await ReadAllAsync(client.ChatAsync("node3/m", Short));
        Assert.Equal(5, events.OfType<ChatDelta>().Count());
        Assert.IsType<ChatDone>(events[^1]);
        Assert.Empty(ProcessAssert.DescendantPids(nodes[0].Pid)); // nothing ran on node1, which does not have the model
    }

    [RedisFact]
    public async Task NodeKilledMidChat_ChatEndsWithError_ItsModelsUnavailable_TheOthersServe_ItComesBack()
    {
        var nodes = await StartAllAsync();
        var (first, victim) = (nodes[0], nodes[2]);
        var client = await ConnectAsync(first);
        Assert.Equal("node3", (await client.StartAsync("node3/m")).Node);
        await client.ListAsync(); // node1's catalog has seen node3's list

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var chat = await client.OpenChatAsync("node3/m", Long, deadline.Token);
        await using var events = chat.GetAsyncEnumerator(deadline.Token);
        Assert.True(await events.MoveNextAsync());
        Assert.IsType<ChatDelta>(events.Current);

        var clock = Stopwatch.StartNew();
        await victim.KillAsync();
        var listing = Task.Run(async () =>
        {
            var view = await WaitForAsync(client, "node3/m", v => v.Status == ModelStatus.Unavailable && v.Reason!.Contains("\"node3\"", StringComparison.Ordinal));
            return (View: view, After: clock.Elapsed);
        });
        ChatEvent last;
        do
        {
            Assert.True(await events.MoveNextAsync(), "the chat ended without a terminal event");
            last = events.Current;
        }
        while (last is ChatDelta);

        var chatEnded = clock.Elapsed;
        Assert.Equal(ErrorTypes.ModelUnavailable, Assert.IsType<ChatError>(last).Type);
        var (unavailable, listed) = await listing;
        Output.WriteLine($"SIGKILL of node3 mid-chat: node3/m '{unavailable.Reason}' on node1's list after {listed.TotalSeconds:0.00} s; the chat ended with {((ChatError)last).Type} after {chatEnded.TotalSeconds:0.00} s");
        Assert.Empty(victim.LiveFakes());
        var silo = await first.WaitReadyAsync();
        using (var http = new HttpClient { BaseAddress = new Uri(silo.Url) })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", silo.Token);
            using var start = await http.PostAsync(new Uri("/v1/models/node3%2Fm/start", UriKind.Relative), null);
            var seen = string.Join("; ", (await client.ListAsync()).Select(v => $"{v.Id} {v.Status} {v.Reason}"));
            Assert.True(start.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable, $"{start.StatusCode}: {await start.Content.ReadAsStringAsync()}; the list: {seen}");
            Assert.Contains(ErrorTypes.ModelUnavailable, await start.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Every other model keeps serving: node1's own, and the one node2 and node3 both list (now on node2).
        Assert.IsType<ChatDone>((await ReadAllAsync(StartAndChat(client, "node1/m")))[^1]);
        Assert.IsType<ChatDone>((await ReadAllAsync(StartAndChat(client, "shared")))[^1]);
        Assert.Equal("node2", (await client.GetAsync("shared")).Node);

        clock.Restart();
        victim.Restart();
        await WaitForAsync(client, "node3/m", v => v.Status == ModelStatus.Stopped, TimeSpan.FromSeconds(90));
        Output.WriteLine($"node3 restarted: node3/m Stopped again on node1's list {clock.Elapsed.TotalSeconds:0.00} s after its exec");
    }

    private async Task<List<ClusterNode>> StartAllAsync()
    {
        var nodes = new List<ClusterNode>
        {
            StartNode("node1", models: "node1/m"),
            StartNode("node2", models: ["node2/m", "shared"]),
            StartNode("node3", models: ["node3/m", "shared"]),
        };
        foreach (var node in nodes)
        {
            await node.WaitReadyAsync();
        }

        await Membership.WaitAsync(await ConnectAsync(nodes[0]), a => a.SetEquals(All), "three active silos");
        return nodes;
    }

    private static async IAsyncEnumerable<ChatEvent> StartAndChat(OrchestratorClient client, string id)
    {
        await client.StartAsync(id);
        await foreach (var chatEvent in client.ChatAsync(id, Short))
        {
            yield return chatEvent;
        }
    }

    private static async Task<ModelView> WaitForAsync(OrchestratorClient client, string id, Func<ModelView, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var view = (await client.ListAsync()).FirstOrDefault(v => v.Id == id);
            if (view is not null && done(view))
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{id} not as expected in time; last: {view?.Status} {view?.Reason}");
            await Task.Delay(50); // the catalog is read, not subscribed to
        }
    }

    private static async Task<List<ChatEvent>> ReadAllAsync(IAsyncEnumerable<ChatEvent> chat)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<ChatEvent>();
        await foreach (var chatEvent in chat.WithCancellation(deadline.Token))
        {
            events.Add(chatEvent);
        }

        return events;
    }
}
