using System.Net;
using System.Text;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// Every bad input gets its documented problem type, a detail that says what to fix, and leaves the silo serving.
/// </summary>
public sealed class BadInputCatalogueTests(BadInputCatalogueTests.Silo fixture) : IClassFixture<BadInputCatalogueTests.Silo>
{
    private const string Json = "application/json";

    /// <summary>name, method, path, content type, body, status, problem type, a phrase of the detail.</summary>
    public static TheoryData<string, string, string, string?, string?, int, string, string> Catalogue => new()
    {
        { "unknown id", "GET", "/v1/models/nope", null, null, 404, "model-not-found", "No model \"nope\"" },
        { "unknown id, start", "POST", "/v1/models/nope/start", null, null, 404, "model-not-found", "GET /v1/models" },
        { "unknown id, chat", "POST", "/v1/models/nope/chat", Json, Hello, 404, "model-not-found", "No model" },
        { "id differs in case", "GET", "/v1/models/M", null, null, 404, "model-not-found", "case included" },
        { "id not percent-encoded", "GET", "/v1/models/local/tiny-a:q0", null, null, 404, "model-not-found", "Percent-encode the full_identifier" },
        { "id not percent-encoded, start", "POST", "/v1/models/local/tiny-a:q0/start", null, null, 404, "model-not-found", "'/' as %2F" },
        { "blank id", "GET", "/v1/models/%20", null, null, 400, "bad-request", "id is empty" },
        { "empty id", "POST", "/v1/models//start", null, null, 400, "bad-request", "id is empty" },
        { "bad percent-encoding", "GET", "/v1/models/a%ZZb", null, null, 400, "bad-request", "percent-encoding" },
        { "truncated percent-encoding", "GET", "/v1/models/abc%2", null, null, 400, "bad-request", "'/' as %2F" },
        { "malformed JSON", "POST", "/v1/models/m/chat", Json, "{\"messages\": [", 400, "bad-request", "not valid JSON" },
        { "JSON nested too deep", "POST", "/v1/models/m/chat", Json, new string('[', 100) + new string(']', 100), 400, "bad-request", "not valid JSON" },
        { "wrong content type", "POST", "/v1/models/m/chat", "text/plain", Hello, 415, "unsupported-media-type", "Content-Type: application/json" },
        { "no content type", "POST", "/v1/models/m/chat", null, Hello, 415, "unsupported-media-type", "must be JSON" },
        { "oversized body", "POST", "/v1/models/m/chat", Json, Big, 413, "payload-too-large", "MaxRequestBodyBytes" },
        { "body is an array", "POST", "/v1/models/m/chat", Json, "[1,2]", 400, "bad-request", "must be a JSON object" },
        { "body is null", "POST", "/v1/models/m/chat", Json, "null", 400, "bad-request", "must be a JSON object" },
        { "missing messages", "POST", "/v1/models/m/chat", Json, "{}", 400, "bad-request", "\"messages\" is missing" },
        { "empty messages", "POST", "/v1/models/m/chat", Json, "{\"messages\":[]}", 400, "bad-request", "not an empty array" },
        { "messages not an array", "POST", "/v1/models/m/chat", Json, "{\"messages\":\"hi\"}", 400, "bad-request", "non-empty array" },
        { "message not an object", "POST", "/v1/models/m/chat", Json, "{\"messages\":[42]}", 400, "bad-request", "messages[0] must be an object" },
        { "invalid role", "POST", "/v1/models/m/chat", Json, Message("\"wizard\"", "\"x\""), 400, "bad-request", "is not a role; use one of" },
        { "role not a string", "POST", "/v1/models/m/chat", Json, Message("5", "\"x\""), 400, "bad-request", "role must be a string" },
        { "missing content", "POST", "/v1/models/m/chat", Json, "{\"messages\":[{\"role\":\"user\"}]}", 400, "bad-request", "content must be a string" },
        { "content not a string", "POST", "/v1/models/m/chat", Json, Message("\"user\"", "[\"x\"]"), 400, "bad-request", "content must be a string" },
        { "max_tokens as a string", "POST", "/v1/models/m/chat", Json, Field("max_tokens", "\"64\""), 400, "bad-request", "\"max_tokens\" must be a non-negative integer" },
        { "negative max_tokens", "POST", "/v1/models/m/chat", Json, Field("max_tokens", "-1"), 400, "bad-request", "non-negative integer" },
        { "fractional max_tokens", "POST", "/v1/models/m/chat", Json, Field("max_tokens", "1.5"), 400, "bad-request", "non-negative integer" },
        { "huge max_tokens", "POST", "/v1/models/m/chat", Json, Field("max_tokens", "1e100"), 400, "bad-request", "non-negative integer" },
        { "temperature as a string", "POST", "/v1/models/m/chat", Json, Field("temperature", "\"hot\""), 400, "bad-request", "\"temperature\" must be a non-negative number" },
        { "negative temperature", "POST", "/v1/models/m/chat", Json, Field("temperature", "-0.5"), 400, "bad-request", "non-negative number" },
        { "top_p above 1", "POST", "/v1/models/m/chat", Json, Field("top_p", "2"), 400, "bad-request", "\"top_p\" must be a number from 0 to 1" },
        { "negative top_k", "POST", "/v1/models/m/chat", Json, Field("top_k", "-3"), 400, "bad-request", "\"top_k\" must be a non-negative integer" },
        { "seed as a string", "POST", "/v1/models/m/chat", Json, Field("seed", "\"x\""), 400, "bad-request", "\"seed\" must be an integer" },
        { "stop as a number", "POST", "/v1/models/m/chat", Json, Field("stop", "5"), 400, "bad-request", "string or an array of strings" },
        { "stream as a string", "POST", "/v1/models/m/chat", Json, Field("stream", "\"yes\""), 400, "bad-request", "\"stream\" must be true or false" },
        { "tail not a number", "GET", "/v1/models/m/logs?tail=abc", null, null, 400, "bad-request", "\"tail\" must be a non-negative integer" },
        { "negative tail", "GET", "/v1/models/m/logs?tail=-1", null, null, 400, "bad-request", "non-negative integer" },
        { "follow not a boolean", "GET", "/v1/models/m/logs?follow=maybe", null, null, 400, "bad-request", "\"follow\" must be true or false" },
        { "chat to a stopped model", "POST", "/v1/models/m/chat", Json, Hello, 409, "model-not-running", "Start it first" },
        { "chat to a crashed model", "POST", "/v1/models/crashed/chat", Json, Hello, 409, "model-not-running", "is Crashed, not Running (exited with code 1" },
        { "start after the model file vanished", "POST", "/v1/models/vanished/start", null, null, 502, "start-failed", "model file not found" },
        { "unknown endpoint", "GET", "/v1/nothing-here", null, null, 404, "not-found", "The API:" },
        { "wrong method", "GET", "/v1/models/m/start", null, null, 405, "method-not-allowed", "POST" },
    };

    private const string Hello = """{"messages":[{"role":"user","content":"Hi"}]}""";

    private static string Big => Message("\"user\"", $"\"{new string('x', 8192)}\"");

    [Theory]
    [MemberData(nameof(Catalogue))]
    public async Task BadInput_GetsItsProblem_AndTheSiloKeepsServing(string name, string method, string path, string? contentType, string? body, int status, string type, string detail)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
            }
        }

        var (actualStatus, mediaType, text) = await SendAsync(request, path);

        Assert.True(status == actualStatus, $"{name}: expected {status}, got {actualStatus} {text}");
        Assert.Equal("application/problem+json", mediaType.Split(';')[0]);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(type, problem.GetProperty("type").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Running.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Running.Http.GetAsync(new Uri("/v1/models", UriKind.Relative))).StatusCode);
    }

    private async Task<(int Status, string MediaType, string Body)> SendAsync(HttpRequestMessage request, string path)
    {
        if (path.Contains("%ZZ", StringComparison.Ordinal) || path.EndsWith("%2", StringComparison.Ordinal))
        {
            return await RawHttp.SendAsync(fixture.Running.Http.BaseAddress!, request.Method.Method, path, fixture.Running.Info.Token);
        }

        using var response = await fixture.Running.Http.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.ToString() ?? "", await response.Content.ReadAsStringAsync());
    }

    private static string Message(string role, string content) => $$"""{"messages":[{"role":{{role}},"content":{{content}}}]}""";

    private static string Field(string name, string value) => $$"""{"messages":[{"role":"user","content":"Hi"}],"{{name}}":{{value}}}""";

    /// <summary>One silo for the whole catalogue: a stopped model, a crashed one, and one whose file vanished after start-up.</summary>
    public sealed class Silo : IAsyncLifetime
    {
        public TestSilo Running { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Running = await TestSilo.StartAsync(
                new Dictionary<string, string?> { ["Orchestrator:MaxRequestBodyBytes"] = "4096" },
                ("m", new FakeScenario()),
                ("crashed", new FakeScenario { ExitAtLoadCode = 1, ExitAtLoadMessage = "llama_model_load: error loading model" }),
                ("vanished", new FakeScenario()));
            using var crash = await Running.PostAsync("/v1/models/crashed/start");
            File.Delete(Path.Combine(Running.Folder, "model-2.json"));
        }

        public async Task DisposeAsync() => await Running.DisposeAsync();
    }
}
