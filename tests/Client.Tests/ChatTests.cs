using System.Text;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

public sealed class ChatTests
{
    private static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);

    [Fact]
    public async Task ChatAsync_StreamsTypedDeltas_ThenOneDoneWithUsageAndTimings()
    {
        await using var silo = await TestSilo.StartAsync(("local/tiny:q0", new FakeScenario { LoadMs = 0, Tokens = ["a", "b", "c"], TokenCount = 12 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("local/tiny:q0");

        var events = new List<ChatEvent>();
        await foreach (var chatEvent in client.ChatAsync("local/tiny:q0", Hello))
        {
            events.Add(chatEvent);
        }

        Assert.Equal(12, events.Count(e => e is ChatDelta));
        Assert.Equal("abcabcabcabc", string.Concat(events.OfType<ChatDelta>().Select(d => d.Content)));
        var done = Assert.IsType<ChatDone>(events[^1]);
        Assert.Equal("stop", done.FinishReason);
        // llama.cpp counts the end-of-generation token too when it stops on its own.
        Assert.Equal(13, done.Usage?.CompletionTokens);
        Assert.Equal(JsonValueKind.Object, done.Timings?.ValueKind);
    }

    [Fact]
    public async Task ChatAsync_OptionsPassThrough_MaxTokensEndsWithLength()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 50 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");
        var request = Hello with { Options = new Dictionary<string, JsonElement> { ["max_tokens"] = JsonSerializer.SerializeToElement(3) } };

        var events = new List<ChatEvent>();
        await foreach (var chatEvent in client.ChatAsync("m", request))
        {
            events.Add(chatEvent);
        }

        Assert.Equal(3, events.Count(e => e is ChatDelta));
        Assert.Equal("length", Assert.IsType<ChatDone>(events[^1]).FinishReason);
    }

    [Fact]
    public async Task ChatAsync_Cancelled_ClosesTheUpstreamRequest()
    {
        var eventsFile = TestSilo.EventsFile();
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10, EventsFile = eventsFile }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");
        using var cancel = new CancellationTokenSource();

        var deltas = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chatEvent in client.ChatAsync("m", Hello, cancel.Token))
            {
                Assert.IsType<ChatDelta>(chatEvent);
                if (++deltas == 2)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        // The fake sees its client (the silo) go away: the silo passed the cancellation upstream and the slot is free.
        var seen = await FakeEventLog.WaitForAsync(eventsFile, FakeEvent.ClientDisconnected, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(seen, e => e.Name == FakeEvent.RequestCompleted);
        File.Delete(eventsFile);
    }

    [Fact]
    public async Task OpenChatAsync_DisposedUnread_ClosesTheUpstreamRequest()
    {
        var eventsFile = TestSilo.EventsFile();
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10, EventsFile = eventsFile }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");

        var stream = await client.OpenChatAsync("m", Hello);
        await FakeEventLog.WaitForAsync(eventsFile, FakeEvent.RequestStarted, TimeSpan.FromSeconds(30));
        await stream.DisposeAsync();

        await FakeEventLog.WaitForAsync(eventsFile, FakeEvent.ClientDisconnected, TimeSpan.FromSeconds(30));
        File.Delete(eventsFile);
    }

    [Fact]
    public async Task ChatAsync_InBandUpstreamError_EndsWithOneChatError()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 10, ErrorAfterTokens = 3, ErrorMessage = "Context size has been exceeded." }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");

        var events = new List<ChatEvent>();
        await foreach (var chatEvent in client.ChatAsync("m", Hello))
        {
            events.Add(chatEvent);
        }

        Assert.Equal(3, events.Count(e => e is ChatDelta));
        var error = Assert.IsType<ChatError>(events[^1]);
        Assert.Equal(ErrorTypes.UpstreamError, error.Type);
        Assert.Contains("Context size has been exceeded.", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatAsync_ModelStoppedMidStream_EndsWithModelStopped()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");

        var text = new StringBuilder();
        ChatEvent? last = null;
        await foreach (var chatEvent in client.ChatAsync("m", Hello))
        {
            if (last is null)
            {
                await client.StopAsync("m");
            }

            last = chatEvent;
        }

        Assert.Equal(ErrorTypes.ModelStopped, Assert.IsType<ChatError>(last).Type);
    }
}
