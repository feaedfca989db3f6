using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// Where the figures leave the silo: the Prometheus scrape at /metrics (the token, or 401), the model view's last answer
/// and uptime, the answer events, and OTLP export once OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
public sealed class MetricsEndpointTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";
    private static readonly FakeScenario Answering = new() { LoadMs = 0, TokenCount = 12, TokenDelayMs = 1 };

    [Fact]
    public async Task Metrics_WithoutTheToken_401()
    {
        await using var silo = await TestSilo.StartAsync();
        using var stranger = new HttpClient { BaseAddress = silo.Url };

        using var bare = await stranger.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri("/metrics", UriKind.Relative));
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        using var wrongAnswer = await stranger.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal("Bearer", bare.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.DoesNotContain("orchestrator_", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WithTheToken_PrometheusTextOfTheOrchestratorOrleansAndTheProcess()
    {
        await using var silo = await TestSilo.StartAsync(("m", Answering));
        await silo.StartModelAsync("m");
        await AnswerAsync(silo, "m");

        using var response = await silo.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE orchestrator_chats_total counter", text, StringComparison.Ordinal);
        Assert.Matches("""orchestrator_chats_total\{[^}]*orchestrator_chat_outcome="done",orchestrator_model="m"\} 1\b""", text);
        Assert.Matches("""orchestrator_chat_time_to_first_token_seconds_count\{[^}]*orchestrator_model="m"\} 1\b""", text);
        Assert.Matches("""orchestrator_chat_time_to_first_token_seconds_bucket\{[^}]*le="0.005"\}""", text); // buckets for seconds, not the SDK's millisecond defaults
        Assert.Matches("""orchestrator_chat_tokens_per_second_count\{[^}]*orchestrator_model="m"\} 1\b""", text);
        Assert.Matches("""orchestrator_chat_output_tokens_total\{[^}]*orchestrator_model="m"\} \d+""", text);
        Assert.Matches("""orchestrator_models_running\{[^}]*orchestrator_model="m"\} 1\b""", text);
        Assert.Matches("""orchestrator_model_start_duration_seconds_count\{[^}]*orchestrator_model="m"\} 1\b""", text);
        Assert.Contains("orchestrator_memory_in_use_bytes", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal); // Orleans' own meter
        Assert.DoesNotContain("orleans_messaging_sent_messages_size", text, StringComparison.Ordinal); // per message: dropped
        Assert.Contains("dotnet_process_cpu_time_seconds_total", text, StringComparison.Ordinal); // the silo's process
        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_IsTheModelsLastAnswer_AndAnEventOfItsOwn()
    {
        await using var silo = await TestSilo.StartAsync(("m", Answering));
        var started = await silo.StartModelAsync("m");
        using var events = await silo.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var stream = TestSilo.ReadEvents(await events.Content.ReadAsStreamAsync(deadline.Token), deadline.Token);

        await ChatToTheEndAsync(silo, "m");

        var answer = await stream.Select(e => JsonDocument.Parse(e.Data).RootElement).FirstAsync(e => e.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.Object, deadline.Token);
        Assert.Equal("Running", answer.GetProperty("previous").GetString());
        Assert.Equal("Running", answer.GetProperty("status").GetString());
        var view = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/models/m");
        Assert.Equal(started.GetProperty("since").GetDateTimeOffset(), view.GetProperty("runningSince").GetDateTimeOffset());
        var last = view.GetProperty("lastAnswer");
        Assert.True(last.GetProperty("tokensPerSecond").GetDouble() > 0);
        Assert.True(last.GetProperty("outputTokens").GetInt32() >= 12);
        Assert.True(last.GetProperty("timeToFirstTokenMs").GetDouble() > 0);
        Assert.Equal(last.GetRawText(), answer.GetProperty("answer").GetRawText());
    }

    [Fact]
    public async Task OtlpEndpointSet_TracesAndMetricsAreExported()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var silo = await TestSilo.StartAsync(
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            },
            ("otlp-model", Answering));
        await silo.StartModelAsync("otlp-model");
        await ChatToTheEndAsync(silo, "otlp-model");

        // Protobuf carries names as UTF-8: the chat's span (with the model's id) and the orchestrator's metrics.
        Assert.True(await collector.EventuallyAsync("/v1/traces", "otlp-model", TimeSpan.FromSeconds(20)), "no span of the model reached the collector");
        Assert.True(await collector.EventuallyAsync("/v1/traces", "first_token", TimeSpan.FromSeconds(20)), "the chat's span (its first_token event) did not reach the collector");
        Assert.True(await collector.EventuallyAsync("/v1/metrics", "orchestrator.chats", TimeSpan.FromSeconds(20)), "no orchestrator metric reached the collector");
    }

    /// <summary>
    /// A chat read to its end, returned once the grain has taken its figures: the answer's event follows the chat's
    /// <c>done</c> (the grain records them in the turn that hears the chat's end).
    /// </summary>
    private static async Task AnswerAsync(TestSilo silo, string id)
    {
        using var events = await silo.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var stream = TestSilo.ReadEvents(await events.Content.ReadAsStreamAsync(deadline.Token), deadline.Token);
        await ChatToTheEndAsync(silo, id);
        await stream.FirstAsync(e => JsonDocument.Parse(e.Data).RootElement.TryGetProperty("answer", out var a) && a.ValueKind == JsonValueKind.Object, deadline.Token);
    }

    private static async Task ChatToTheEndAsync(TestSilo silo, string id)
    {
        using var chat = await silo.OpenChatAsync(id, Hello);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var last = await TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()).LastAsync();
        Assert.Equal("done", last.EventType);
    }

    /// <summary>A stand-in OTLP/HTTP collector: keeps every body posted to /v1/traces, /v1/metrics or /v1/logs.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
        private readonly SemaphoreSlim _arrived = new(0);

        private OtlpCollector(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public static async Task<OtlpCollector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var collector = new OtlpCollector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue((context.Request.Path.Value!, body.ToArray()));
                collector._arrived.Release();
                context.Response.ContentType = "application/x-protobuf";
            });
            await app.StartAsync();
            return collector;
        }

        /// <summary>Waits (on arrivals, not sleeps) until a body posted to <paramref name="path"/> contains <paramref name="text"/>.</summary>
        public async Task<bool> EventuallyAsync(string path, string text, TimeSpan deadline)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            using var timeout = new CancellationTokenSource(deadline);
            while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0))
            {
                try
                {
                    await _arrived.WaitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    return false;
                }
            }

            return true;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _arrived.Dispose();
        }
    }
}
