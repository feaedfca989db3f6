using System.Net;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

public sealed class ChatStreamingTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";

    [Fact]
    public async Task Chat_StreamsDeltasAsTheyAreProduced_ThenOneDone()
    {
        var events = Path.Combine(Path.GetTempPath(), $"fake-events-{Guid.NewGuid():N}.jsonl");
        await using var silo = await TestSilo.StartAsync(("local/tiny-a:q0", new FakeScenario { LoadMs = 0, Tokens = ["a", "b", "c"], TokenCount = 12, TokenDelayMs = 50, EventsFile = events }));
        await silo.StartModelAsync("local/tiny-a:q0");

        using var response = await silo.OpenChatAsync("local/tiny-a:q0", Hello);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var names = new List<string>();
        var text = new System.Text.StringBuilder();
        var completedWhenFirstDeltaArrived = true;
        await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()))
        {
            if (item.EventType == "delta" && names.Count == 0)
            {
                completedWhenFirstDeltaArrived = FakeEventLog.Read(events).Any(e => e.Name == FakeEvent.RequestCompleted);
            }

            names.Add(item.EventType);
            if (item.EventType == "delta")
            {
                text.Append(JsonDocument.Parse(item.Data).RootElement.GetProperty("content").GetString());
            }
            else
            {
                var done = JsonDocument.Parse(item.Data).RootElement;
                Assert.Equal("stop", done.GetProperty("finishReason").GetString());
                // llama.cpp counts the end-of-generation token too when it stops on its own (n_decoded).
                Assert.Equal(13, done.GetProperty("usage").GetProperty("completionTokens").GetInt32());
                Assert.Equal(JsonValueKind.Object, done.GetProperty("timings").ValueKind);
            }
        }

        Assert.False(completedWhenFirstDeltaArrived, "the first delta arrived only after the server had produced the last token");
        Assert.Equal([.. Enumerable.Repeat("delta", 12), "done"], names);
        Assert.Equal("abcabcabcabc", text.ToString());
        File.Delete(events);
    }

    [Fact]
    public async Task Chat_ClientDisconnects_TheServerSeesItsConnectionClose()
    {
        var events = Path.Combine(Path.GetTempPath(), $"fake-events-{Guid.NewGuid():N}.jsonl");
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10, EventsFile = events }));
        await silo.StartModelAsync("m");

        var response = await silo.OpenChatAsync("m", Hello);
        var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64];
        Assert.True(await stream.ReadAsync(buffer) > 0);
        response.Dispose(); // the client goes away mid-stream

        await FakeEventLog.WaitForAsync(events, FakeEvent.ClientDisconnected, TimeSpan.FromSeconds(3));
        File.Delete(events);
    }

    [Fact]
    public async Task Chat_ModelStoppedMidStream_EndsWithAnError()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 }));
        await silo.StartModelAsync("m");
        using var response = await silo.OpenChatAsync("m", Hello);
        var items = TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());
        Assert.Equal("delta", items.Current.EventType);

        using var stop = await silo.PostAsync("/v1/models/m/stop");
        var last = items.Current;
        while (await items.MoveNextAsync())
        {
            last = items.Current;
        }

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal("error", last.EventType);
        Assert.Equal("model-stopped", JsonDocument.Parse(last.Data).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Chat_InBandUpstreamError_BecomesOneErrorEvent()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 10, ErrorAfterTokens = 3, ErrorMessage = "Context size has been exceeded." }));
        await silo.StartModelAsync("m");

        using var response = await silo.OpenChatAsync("m", Hello);
        var items = new List<(string Name, string Data)>();
        await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()))
        {
            items.Add((item.EventType, item.Data));
        }

        Assert.Equal(["delta", "delta", "delta", "error"], items.Select(i => i.Name));
        var error = JsonDocument.Parse(items[^1].Data).RootElement;
        Assert.Equal("upstream-error", error.GetProperty("type").GetString());
        Assert.Contains("Context size has been exceeded.", error.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_WaitingForTheFirstToken_SendsKeepAliveComments()
    {
        await using var silo = await TestSilo.StartAsync(
            new Dictionary<string, string?> { ["Orchestrator:KeepAliveInterval"] = "00:00:00.100" },
            ("m", new FakeScenario { LoadMs = 0, PromptDelayMs = 1000, TokenCount = 2 }));
        await silo.StartModelAsync("m");

        using var response = await silo.OpenChatAsync("m", Hello);
        var raw = await response.Content.ReadAsStringAsync();

        var firstEvent = raw.IndexOf("event: delta", StringComparison.Ordinal);
        Assert.True(firstEvent > 0, raw);
        Assert.Contains(": keep-alive\n\n", raw[..firstEvent], StringComparison.Ordinal);
        Assert.EndsWith("event: done", raw.TrimEnd().Split('\n')[^2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ServerCrashesMidStream_EndsWithAnErrorAndTheModelIsCrashed()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenCount = 100, TokenDelayMs = 5, CrashAfterTokens = 5, CrashExitCode = 134 }));
        await silo.StartModelAsync("m");

        using var response = await silo.OpenChatAsync("m", Hello);
        var names = new List<string>();
        var lastData = string.Empty;
        await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()))
        {
            names.Add(item.EventType);
            lastData = item.Data;
        }

        Assert.Equal("error", names[^1]);
        Assert.Single(names, n => n is "error" or "done");
        var type = JsonDocument.Parse(lastData).RootElement.GetProperty("type").GetString();
        Assert.Contains(type, new[] { "model-crashed", "upstream-error" });
        var view = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/models/m", UriKind.Relative))).RootElement;
        for (var i = 0; i < 500 && view.GetProperty("status").GetString() != "Crashed"; i++)
        {
            await Task.Delay(10); // the exit event is ~1-2 ms behind the broken connection
            view = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/models/m", UriKind.Relative))).RootElement;
        }

        Assert.Equal("Crashed", view.GetProperty("status").GetString());
        Assert.Contains("134", view.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ManyAtOnceAcrossTwoModels_EveryStreamEndsWithDone()
    {
        await using var silo = await TestSilo.StartAsync(("a", new FakeScenario { LoadMs = 0, TokenCount = 20 }), ("b", new FakeScenario { LoadMs = 0, TokenCount = 20 }));
        await silo.StartModelAsync("a");
        await silo.StartModelAsync("b");

        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
        {
            using var response = await silo.OpenChatAsync(i % 2 == 0 ? "a" : "b", Hello);
            var names = new List<string>();
            await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()))
            {
                names.Add(item.EventType);
            }

            return names;
        }));

        Assert.All(results, names =>
        {
            Assert.Equal(20, names.Count(n => n == "delta"));
            Assert.Equal("done", names[^1]);
        });
    }
}
