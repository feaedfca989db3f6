using System.Net;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.FakeLlamaServer.Tests;

/// <summary>/v1/chat/completions in llama-server's exact framing, and the scripted ways a completion ends.</summary>
public sealed class ChatTests
{
    private const string Alias = "local/tiny:q0";

    [Fact]
    public async Task Stream_HasRoleEvent_OneEventPerToken_FinishWithTimings_ThenDone()
    {
        await using var run = await FakeRun.StartReadyAsync(
            new FakeScenario { LoadMs = 0, Tokens = ["A", "B", "C"], TokenCount = 5 }, "--alias", Alias);

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = await ReadAllAsync(response);

        // role, 5 tokens, finish, [DONE]; each event one "data: " line, LF only.
        Assert.Equal(8, events.Count);
        Assert.All(events, e => Assert.Matches("^data: [^\r\n]+$", e));
        var role = Choice(events[0]);
        Assert.Equal("assistant", role.GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, role.GetProperty("delta").GetProperty("content").ValueKind);
        Assert.Equal(["A", "B", "C", "A", "B"], events[1..6].Select(e => Choice(e).GetProperty("delta").GetProperty("content").GetString()));
        Assert.All(events[..6], e => Assert.Equal(JsonValueKind.Null, Choice(e).GetProperty("finish_reason").ValueKind));

        var final = RawSseReader.Data(events[6]);
        Assert.Equal("stop", final.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(Alias, final.GetProperty("model").GetString());
        Assert.Equal("chat.completion.chunk", final.GetProperty("object").GetString());
        Assert.True(final.GetProperty("timings").GetProperty("predicted_ms").GetDouble() >= 0);
        Assert.Equal("data: [DONE]", events[7]);
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_EndsWithAUsageEventCarryingTimings()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0 }, "--alias", Alias);

        using var response = await run.ChatAsync(FakeRun.ChatBody(true, ("stream_options", new { include_usage = true })));
        var events = await ReadAllAsync(response);

        Assert.Equal(1 + FakeScenario.DefaultTokens.Count + 3, events.Count);
        var final = RawSseReader.Data(events[^3]);
        Assert.Equal("stop", final.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        // llama.cpp puts the timings on the last JSON event only.
        Assert.False(final.TryGetProperty("timings", out _));
        var usage = RawSseReader.Data(events[^2]);
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        // n_decoded counts the end-of-generation token too, as llama.cpp reports it.
        Assert.Equal(FakeScenario.DefaultTokens.Count + 1, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.True(usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(FakeScenario.DefaultTokens.Count + 1, usage.GetProperty("timings").GetProperty("predicted_n").GetInt32());
        Assert.Equal("data: [DONE]", events[^1]);
    }

    [Fact]
    public async Task NonStreaming_AnswersOneCompletion()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0 }, "--alias", Alias);

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: false));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(Alias, body.GetProperty("model").GetString());
        var choice = body.GetProperty("choices")[0];
        Assert.Equal("Hello, world!", choice.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        Assert.True(body.TryGetProperty("timings", out _));
    }

    [Theory]
    [InlineData("max_tokens")]
    [InlineData("n_predict")]
    public async Task TokenLimit_CutsTheStream_WithLength(string field)
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, TokenCount = 10 });

        using var response = await run.ChatAsync(FakeRun.ChatBody(true, (field, 2), ("stream_options", new { include_usage = true })));
        var events = await ReadAllAsync(response);

        Assert.Equal(1 + 2 + 3, events.Count);
        Assert.Equal("length", Choice(events[3]).GetProperty("finish_reason").GetString());
        Assert.Equal(2, RawSseReader.Data(events[4]).GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task ErrorAfterTokens_EndsWithAnInBandError_AndNoDone()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, ErrorAfterTokens = 2 });

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        var events = await ReadAllAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1 + 2 + 1, events.Count);
        Assert.Equal("""data: {"error":{"code":500,"message":"Context size has been exceeded.","type":"server_error"}}""", events[^1]);
    }

    [Fact]
    public async Task ErrorBeforeTheFirstToken_IsAPlainErrorAnswer()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, ErrorAfterTokens = 0, ErrorMessage = "boom" });

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"error":{"code":500,"message":"boom","type":"server_error"}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HangAfterTokens_StallsTheStream_WhileHealthStaysOk()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, HangAfterTokens = 2, TokenCount = 10 });
        using var cancel = new CancellationTokenSource();

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true), cancel.Token);
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        for (var i = 0; i < 3; i++)
        {
            Assert.NotNull(await reader.NextAsync(cancel.Token));
        }

        var next = reader.NextAsync(cancel.Token);
        Assert.Equal("""{"status":"ok"}""", await run.Http.GetStringAsync("health"));
        Assert.False(next.IsCompleted, "the stream moved on after the hang point");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task PromptDelay_SendsNoHeadersYet_WhileHealthStaysOk()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, PromptDelayMs = 60_000 });
        using var cancel = new CancellationTokenSource();

        var headers = run.ChatAsync(FakeRun.ChatBody(stream: true), cancel.Token);
        await FakeEventLog.WaitForAsync(run.EventsFile, FakeEvent.RequestStarted, FakeRun.Deadline);

        Assert.Equal("""{"status":"ok"}""", await run.Http.GetStringAsync("health"));
        Assert.False(headers.IsCompleted, "llama-server sends the headers with the first token");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => headers);
    }

    [Fact]
    public async Task CrashAfterTokens_DiesWithTheExitCode_MidStream()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, CrashAfterTokens = 2, TokenCount = 10, CrashExitCode = 134 });

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync());
        var received = new List<string>();
        try
        {
            while (await reader.NextAsync() is { } e)
            {
                received.Add(e);
            }
        }
        catch (Exception e) when (e is HttpIOException or IOException)
        {
            // The connection can end with a reset rather than an orderly close.
        }

        Assert.Equal(134, await run.Process.WaitForExitAsync());
        Assert.Equal(1 + 2, received.Count);
        Assert.DoesNotContain("[DONE]", reader.Raw.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashSignal_DiesByThatSignal()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, CrashAfterTokens = 0, CrashSignal = Signals.SigKill });

        var request = run.ChatAsync(FakeRun.ChatBody(stream: true));

        Assert.Equal(128 + Signals.SigKill, await run.Process.WaitForExitAsync());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request);
    }

    [Fact]
    public async Task FreezeAfterTokens_StallsTheStream_AndHealthNeverAnswers()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, FreezeAfterTokens = 1, TokenCount = 10 });
        using var cancel = new CancellationTokenSource();

        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true), cancel.Token);
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.NotNull(await reader.NextAsync(cancel.Token));
        Assert.NotNull(await reader.NextAsync(cancel.Token));
        var next = reader.NextAsync(cancel.Token);

        // A wedged server accepts the connection and never answers: the probe can only give up.
        using var probe = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.Http.GetAsync("health", probe.Token));
        Assert.False(next.IsCompleted);

        // A wedged main loop never gets to exit: only the second signal's exit(1) does.
        run.Process.Signal(Signals.SigTerm);
        await run.Process.WaitForLineAsync("srv    operator(): cleaning up before exit...");
        Assert.False(run.Process.HasExited);
        run.Process.Signal(Signals.SigTerm);
        Assert.Equal(1, await run.Process.WaitForExitAsync());
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task BadRequests_GetLlamaServersErrors()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0 });

        using var noMessages = await run.Http.PostAsync("v1/chat/completions", new StringContent("{}"));
        using var unknown = await run.Http.GetAsync("v1/nothing");

        Assert.Equal(HttpStatusCode.BadRequest, noMessages.StatusCode);
        Assert.Equal("""{"error":{"code":400,"message":"'messages' is required","type":"invalid_request_error"}}""",
            await noMessages.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("""{"error":{"message":"File Not Found","type":"not_found_error","code":404}}""", await unknown.Content.ReadAsStringAsync());
    }

    private static JsonElement Choice(string sseEvent) => RawSseReader.Data(sseEvent).GetProperty("choices")[0];

    private static async Task<List<string>> ReadAllAsync(HttpResponseMessage response)
    {
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync());
        var events = new List<string>();
        while (await reader.NextAsync() is { } e)
        {
            events.Add(e);
        }

        Assert.Equal("", reader.Remainder);
        return events;
    }
}
