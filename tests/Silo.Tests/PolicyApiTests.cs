using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>The policies through the silo: preload at start, autostart on a chat, the budget and the model view over HTTP.</summary>
public sealed class PolicyApiTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";
    private static readonly FakeScenario Quick = new() { LoadMs = 0 };

    [Fact]
    public async Task Preload_StartsWithTheSilo_OthersDoNot()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Orchestrator.Grains.Models"] = "Information" },
            ("pre", Quick, new Dictionary<string, object> { ["preload"] = true }), ("lazy", Quick, null));

        await silo.Logs.WaitForAsync(l => l.Contains("Model pre: Starting -> Running", StringComparison.Ordinal), TimeSpan.FromSeconds(15));

        var lazy = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/models/lazy");
        Assert.Equal("Stopped", lazy.GetProperty("status").GetString());
        Assert.Single(silo.LiveFakes());
    }

    [Fact]
    public async Task Autostart_ChatToAStoppedModel_Streams_WithoutIt409()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(null,
            ("auto", new FakeScenario { LoadMs = 50, TokenCount = 3 }, new Dictionary<string, object> { ["autostart"] = true }), ("plain", Quick, null));

        using (var plain = await silo.OpenChatAsync("plain", Hello))
        {
            Assert.Equal(HttpStatusCode.Conflict, plain.StatusCode);
        }

        using var chat = await silo.OpenChatAsync("auto", Hello);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var names = new List<string>();
        await foreach (var item in TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()))
        {
            names.Add(item.EventType);
        }

        Assert.Equal(["delta", "delta", "delta", "done"], names);
    }

    [Fact]
    public async Task ModelView_And_Budget_ShowMemoryTtlQueueAndUse()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(
            new Dictionary<string, string?> { ["Orchestrator:MemoryBudgetMb"] = "100" },
            ("a", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 }, new Dictionary<string, object> { ["memory_mb"] = 100, ["ttl"] = 600, ["group"] = "g" }),
            ("b", Quick, new Dictionary<string, object> { ["memory_mb"] = 100 }));
        await silo.StartModelAsync("a");
        using var chat = await silo.OpenChatAsync("a", Hello);
        var events = TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        var starting = silo.PostAsync("/v1/models/b/start");

        var b = await EventuallyAsync(silo, "b", v => v.GetProperty("status").GetString() == "Queued");
        var a = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/models/a");
        var budget = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/budget");

        Assert.Equal(1, b.GetProperty("queuePosition").GetInt32());
        Assert.Equal("queued", b.GetProperty("decision").GetString());
        Assert.Equal(100, a.GetProperty("memoryMb").GetInt32());
        Assert.Equal("declared (memory_mb)", a.GetProperty("memorySource").GetString());
        Assert.Equal(600, a.GetProperty("ttlSeconds").GetInt32());
        Assert.Equal("g", a.GetProperty("group").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("idleSince").ValueKind); // a chat is in flight
        Assert.Equal(100, budget.GetProperty("memoryBudgetMb").GetInt32());
        Assert.Equal(100, budget.GetProperty("memoryInUseMb").GetInt32());
        Assert.Equal(["b"], budget.GetProperty("queue").EnumerateArray().Select(e => e.GetString()));
        await events.DisposeAsync();
        chat.Dispose(); // the chat ends: a is idle, evicted, and b starts
        using var started = await starting;
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
    }

    /// <summary>Follows /v1/events (subscribed before the state is read) until the model's view matches.</summary>
    private static async Task<JsonElement> EventuallyAsync(TestSilo silo, string id, Func<JsonElement, bool> match)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await silo.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        var view = await silo.Http.GetFromJsonAsync<JsonElement>($"/v1/models/{id}", deadline.Token);
        if (match(view))
        {
            return view;
        }

        await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync(deadline.Token), deadline.Token))
        {
            var change = JsonDocument.Parse(item.Data).RootElement;
            if (change.GetProperty("id").GetString() == id && match(change))
            {
                return await silo.Http.GetFromJsonAsync<JsonElement>($"/v1/models/{id}", deadline.Token);
            }
        }

        throw new TimeoutException($"{id} never matched");
    }
}
