using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

public sealed class SiloApiTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";

    [Fact]
    public async Task Models_IdsWithSlashColonAtDotAndSpace_RoundTripAsOneSegment()
    {
        const string Id = "registry.ollama.ai/library/llama3.2:3b @x";
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));

        var view = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri($"/v1/models/{TestSilo.Segment(Id)}", UriKind.Relative))).RootElement;
        var list = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/models", UriKind.Relative))).RootElement;

        Assert.Equal(Id, view.GetProperty("id").GetString());
        Assert.Equal("Stopped", view.GetProperty("status").GetString());
        Assert.Equal(Id, list[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Start_ThenView_ShowsRunningWithPortPidAndSince()
    {
        await using var silo = await TestSilo.StartAsync(("local/a:1", new FakeScenario { LoadMs = 0 }));

        var started = await silo.StartModelAsync("local/a:1");

        Assert.Equal("Running", started.GetProperty("status").GetString());
        Assert.True(started.GetProperty("port").GetInt32() > 0);
        Assert.True(started.GetProperty("pid").GetInt32() > 0);
        Assert.True(started.GetProperty("since").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Equal(JsonValueKind.Null, started.GetProperty("reason").ValueKind);
    }

    [Fact]
    public async Task Start_FailingModel_AnswersStartFailedWithTheReason()
    {
        await using var silo = await TestSilo.StartAsync(("bad", new FakeScenario { ExitAtLoadCode = 1, ExitAtLoadMessage = "gguf_init_from_file: failed to read magic" }));

        using var response = await silo.PostAsync("/v1/models/bad/start");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("start-failed", problem.GetProperty("type").GetString());
        Assert.Contains("failed to read magic", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ModelNotRunning_Answers409()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));

        using var response = await silo.PostAsync("/v1/models/m/chat", Hello);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("model-not-running", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "/v1/models/nope")]
    [InlineData("POST", "/v1/models/nope/start")]
    [InlineData("POST", "/v1/models/nope/stop")]
    [InlineData("GET", "/v1/models/nope/logs")]
    public async Task UnknownId_Answers404ModelNotFound(string method, string path)
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model-not-found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Stop_NotRunning_Answers200Stopped()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));

        using var response = await silo.PostAsync("/v1/models/m/stop");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Stopped", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_ShowStartingThenRunning()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 200 }));
        using var response = await silo.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var items = SseParser.Create(await response.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();

        await silo.StartModelAsync("m");
        var statuses = new List<string>();
        while (!statuses.Contains("Running") && await items.MoveNextAsync())
        {
            Assert.Equal("state", items.Current.EventType);
            var change = JsonDocument.Parse(items.Current.Data).RootElement;
            Assert.Equal("m", change.GetProperty("id").GetString());
            statuses.Add(change.GetProperty("status").GetString()!);
        }

        Assert.Equal(["Starting", "Running"], statuses.Distinct());
    }

    [Fact]
    public async Task Logs_TailAndFollow_ShowTheServerOutput()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        await silo.StartModelAsync("m");

        var lines = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/models/m/logs?tail=500", UriKind.Relative))).RootElement;
        using var follow = await silo.Http.GetAsync(new Uri("/v1/models/m/logs?tail=1&follow=true", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var items = SseParser.Create(await follow.Content.ReadAsStreamAsync()).EnumerateAsync().GetAsyncEnumerator();
        Assert.True(await items.MoveNextAsync());

        Assert.Contains(lines.EnumerateArray(), l => l.GetProperty("text").GetString()!.Contains("main: model loaded", StringComparison.Ordinal));
        Assert.Equal("line", items.Current.EventType);
        Assert.Equal(lines[lines.GetArrayLength() - 1].GetProperty("sequence").GetInt64(), JsonDocument.Parse(items.Current.Data).RootElement.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task Healthz_AnswersWithoutAToken()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var anonymous = new HttpClient { BaseAddress = new Uri(silo.Info.Url) };

        using var response = await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
