using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

/// <summary>Chats on Orleans streams: subscribe, then ask; exactly one terminal event; leaving closes the upstream request.</summary>
[Collection(GrainCluster.Collection)]
public sealed class ModelGrainChatTests(GrainCluster cluster)
{
    private static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);

    [Fact]
    public async Task Chat_SubscribedBeforeAsking_GetsEveryTokenThenExactlyOneDone()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0, TokenCount = 50 }));
        await bed.Grain("m").StartAsync();

        var events = await CollectAsync(await bed.ChatAsync("m", Hello));

        Assert.Equal(50, events.OfType<ChatDelta>().Count());
        Assert.Single(events, e => e is ChatDone or ChatError);
        Assert.IsType<ChatDone>(events[^1]);
    }

    [Fact]
    public async Task Chat_ReaderLeavesEarly_TheServerSeesTheClientGoAndTheSlotIsFree()
    {
        var log = Path.Combine(Path.GetTempPath(), $"fake-events-{Guid.NewGuid():N}.jsonl");
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 5, EventsFile = log }));
        await bed.Grain("m").StartAsync();

        await foreach (var chatEvent in await bed.ChatAsync("m", Hello))
        {
            Assert.IsType<ChatDelta>(chatEvent);
            break; // leave after the first token
        }

        var disconnected = await FakeEventLog.WaitForAsync(log, FakeEvent.ClientDisconnected, TimeSpan.FromSeconds(10));
        Assert.Contains(disconnected, e => e.Name == FakeEvent.ClientDisconnected);
        File.Delete(log);
    }

    [Fact]
    public async Task Hammer_ManyConcurrentChatsOnTwoModels_EachEndsWithExactlyOneTerminalInOrder()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster,
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 30 }),
            ("b", new FakeScenario { LoadMs = 0, TokenCount = 30, TokenDelayMs = 1 }));
        await Task.WhenAll(bed.Grain("a").StartAsync(), bed.Grain("b").StartAsync());
        var random = new Random(20261202);

        var chats = Enumerable.Range(0, 60).Select(i => (Model: random.Next(2) == 0 ? "a" : "b", LeaveAfter: random.Next(5) == 0 ? random.Next(1, 10) : int.MaxValue)).ToList();
        var results = await Task.WhenAll(chats.Select(c => Task.Run(async () =>
        {
            var seen = new List<ChatEvent>();
            await foreach (var chatEvent in await bed.ChatAsync(c.Model, Hello))
            {
                seen.Add(chatEvent);
                if (seen.Count >= c.LeaveAfter)
                {
                    break;
                }
            }

            return (c.LeaveAfter, Events: seen);
        })));

        // Every whole answer is the same text (the fake's script), and an answer left early is a prefix of it: in order.
        var whole = results.First(r => r.LeaveAfter == int.MaxValue).Events;
        var script = string.Concat(whole.OfType<ChatDelta>().Select(d => d.Content));
        foreach (var (leaveAfter, events) in results)
        {
            var text = string.Concat(events.OfType<ChatDelta>().Select(d => d.Content));
            if (leaveAfter == int.MaxValue)
            {
                Assert.Equal(30, events.OfType<ChatDelta>().Count());
                Assert.IsType<ChatDone>(events[^1]);
                Assert.Single(events, e => e is ChatDone or ChatError);
                Assert.Equal(script, text);
            }
            else
            {
                Assert.All(events, e => Assert.IsType<ChatDelta>(e));
                Assert.StartsWith(text, script, StringComparison.Ordinal);
            }
        }

        Assert.Equal(2, bed.LiveChildren().Count);
    }

    private static async Task<List<ChatEvent>> CollectAsync(IAsyncEnumerable<ChatEvent> events)
    {
        var list = new List<ChatEvent>();
        await foreach (var chatEvent in events)
        {
            list.Add(chatEvent);
        }

        return list;
    }
}
