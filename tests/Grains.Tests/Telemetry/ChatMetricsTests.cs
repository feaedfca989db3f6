using System.Diagnostics;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.Grains.Telemetry;
using Orchestrator.TestSupport;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Telemetry;

/// <summary>
/// The chat and life-cycle metrics and traces, read through OpenTelemetry's in-memory exporter after scripted
/// FakeLlamaServer runs: an answer, a cancelled chat, a crash with its restart, a slow start and a load timeout.
/// </summary>
[Collection(GrainCluster.Collection)]
public sealed class ChatMetricsTests(GrainCluster cluster)
{
    [Fact]
    public async Task Answer_RecordsFirstTokenSpeedTokensOutcome_AndBecomesTheLastAnswer()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0, TokenCount = 20, TokenDelayMs = 2 }));
        var id = bed.Id("m");
        await bed.Grain("m").StartAsync();
        Assert.Equal(1, telemetry.Single("orchestrator.models.running", id).Value);
        await using var inbox = await bed.SubscribeEventsAsync();

        var done = Assert.IsType<ChatDone>((await ReadAllAsync(await bed.ChatAsync("m", Hello)))[^1]);
        var serverSpeed = done.Timings!.Value.GetProperty("predicted_per_second").GetDouble();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answered = await bed.Mine(inbox, deadline.Token).FirstAsync(e => e.Answered, deadline.Token);
        Assert.Equal(ModelStatus.Running, answered.State.Status);
        Assert.Equal(ModelStatus.Running, answered.Previous);
        var chats = telemetry.Single("orchestrator.chats", id);
        Assert.Equal(1, chats.Value);
        Assert.Equal(ChatSummary.Done, chats.Tag(OrchestratorMetrics.OutcomeTag));
        Assert.False(chats.Tags.ContainsKey(OrchestratorMetrics.ErrorTypeTag));
        var firstToken = telemetry.Single("orchestrator.chat.time_to_first_token", id);
        Assert.Equal(1, firstToken.Count);
        Assert.InRange(firstToken.Value, double.Epsilon, 10);
        Assert.Equal(done.Usage!.CompletionTokens, telemetry.Single("orchestrator.chat.output_tokens", id).Value); // as the server counts them
        var speed = telemetry.Single("orchestrator.chat.tokens_per_second", id);
        Assert.Equal(1, speed.Count);
        Assert.Equal(serverSpeed, speed.Value, 6); // llama-server's own figure, as its timings said
        Assert.Equal(1, telemetry.Single("orchestrator.model.start_duration", id).Count);

        var state = await bed.Grain("m").GetStateAsync();
        Assert.Equal(Math.Round(serverSpeed, 2), state.LastAnswer!.TokensPerSecond);
        Assert.Equal(done.Usage.CompletionTokens, state.LastAnswer.OutputTokens);
        Assert.Equal(Math.Round(firstToken.Value * 1000, 1), state.LastAnswer.TimeToFirstTokenMs!.Value, 1);
        Assert.Equal(state.Since, state.RunningSince); // running since the ready line; an answer does not move it
        Assert.Equal(state.LastAnswer, answered.State.LastAnswer);

        var chat = Assert.Single(telemetry.Activities("chat", id));
        Assert.Equal(ChatSummary.Done, chat.GetTagItem("orchestrator.outcome"));
        Assert.Equal(done.Usage.CompletionTokens, chat.GetTagItem("orchestrator.chat.output_tokens"));
        Assert.Contains(chat.Events, e => e.Name == "first_token");
        Assert.Equal(ActivityStatusCode.Unset, chat.Status);
        Assert.Equal("running", Assert.Single(telemetry.Activities("start", id)).GetTagItem("orchestrator.outcome"));

        var stopped = await bed.Grain("m").StopAsync();
        Assert.Null(stopped.RunningSince);
        Assert.Equal(state.LastAnswer, stopped.LastAnswer); // the last answer outlives the process
        Assert.Equal(0, telemetry.Single("orchestrator.models.running", id).Value);
        Assert.Equal("stopped", Assert.Single(telemetry.Activities("stop", id)).GetTagItem("orchestrator.outcome"));
    }

    [Fact]
    public async Task ConsumerLeaves_TheChatCountsAsCancelled()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 5 }));
        var id = bed.Id("m");
        await bed.Grain("m").StartAsync();

        var events = await FirstTokenAsync(await bed.ChatAsync("m", Hello));
        Assert.True(await events.MoveNextAsync()); // a second piece: the answer has a speed
        await events.DisposeAsync(); // the consumer leaves

        // The count and the chat's activity are recorded in the turn that hears the chat's end, the activity a moment later.
        Assert.True(await LiveProcesses.EventuallyAsync(
            () => telemetry.Points("orchestrator.chats", id).Count > 0 && telemetry.Activities("chat", id).Count > 0, TimeSpan.FromSeconds(10)));
        var chats = telemetry.Single("orchestrator.chats", id);
        Assert.Equal(ChatSummary.Cancelled, chats.Tag(OrchestratorMetrics.OutcomeTag));
        Assert.False(chats.Tags.ContainsKey(OrchestratorMetrics.ErrorTypeTag));
        Assert.Equal(ChatSummary.Cancelled, Assert.Single(telemetry.Activities("chat", id)).GetTagItem("orchestrator.outcome"));
        Assert.Equal(ModelStatus.Running, (await bed.Grain("m").GetStateAsync()).Status);
    }

    [Fact]
    public async Task CrashMidChat_CountsTheCrashTheFailedChatAndTheRestart()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, o => o.RestartBackoff = TimeSpan.FromMilliseconds(20),
            ("m", new FakeScenario { LoadMs = 0, TokenCount = 10, CrashAfterTokens = 3 }, ModelPolicy.None with { AutoRestart = true }));
        var id = bed.Id("m");
        await bed.Grain("m").StartAsync();

        // The chat's error is model-crashed, or upstream-error when the broken connection is seen before the exit.
        var error = Assert.IsType<ChatError>((await ReadAllAsync(await bed.ChatAsync("m", Hello)))[^1]);
        Assert.Contains(error.Type, new[] { ErrorTypes.ModelCrashed, ErrorTypes.UpstreamError });
        await bed.WaitForAsync("m", s => s.Status == ModelStatus.Running && s.Decision == Decisions.Restarted);

        Assert.Equal(1, telemetry.Single("orchestrator.model.crashes", id, (OrchestratorMetrics.ReasonTag, CrashKinds.Exited)).Value);
        Assert.Equal(1, telemetry.Single("orchestrator.model.restarts", id, (OrchestratorMetrics.ReasonTag, CrashKinds.Exited)).Value);
        var chats = telemetry.Single("orchestrator.chats", id);
        Assert.Equal(ChatSummary.Error, chats.Tag(OrchestratorMetrics.OutcomeTag));
        Assert.Equal(error.Type, chats.Tag(OrchestratorMetrics.ErrorTypeTag));
        Assert.Equal(1, telemetry.Single("orchestrator.models.running", id).Value); // down at the crash, up again after the restart
        Assert.Equal(2, telemetry.Single("orchestrator.model.start_duration", id).Count);
        var chat = Assert.Single(telemetry.Activities("chat", id));
        Assert.Equal(ActivityStatusCode.Error, chat.Status);
        Assert.Equal(error.Type, chat.StatusDescription);
        Assert.Null((await bed.Grain("m").GetStateAsync()).LastAnswer); // an answer cut by the crash is no "last answer"
    }

    [Fact]
    public async Task StartsThatFailBeforeAnyProcess_EachEndItsOwnTrace()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario()));
        var id = bed.Id("m");
        File.Delete(bed.ModelFile("m"));

        await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("m").StartAsync());
        await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("m").StartAsync()); // Crashed -> Crashed

        Assert.Equal(2, telemetry.Single("orchestrator.model.crashes", id, (OrchestratorMetrics.ReasonTag, CrashKinds.NotStartable)).Value);
        var starts = telemetry.Activities("start", id);
        Assert.Equal(2, starts.Count);
        Assert.All(starts, s => Assert.Equal(CrashKinds.NotStartable, s.StatusDescription));
    }

    [Fact]
    public async Task SlowStart_StartDurationCoversTheLoad()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 400 }));
        var id = bed.Id("m");

        await bed.Grain("m").StartAsync();

        var start = telemetry.Single("orchestrator.model.start_duration", id);
        Assert.Equal(1, start.Count);
        Assert.True(start.Value >= 0.4, $"the load alone takes 0.4 s; recorded {start.Value} s");
        var trace = Assert.Single(telemetry.Activities("start", id));
        Assert.Contains(trace.Events, e => e.Name == "launched");
        Assert.True(trace.Duration >= TimeSpan.FromMilliseconds(400), $"the start's trace lasted {trace.Duration}");
    }

    [Fact]
    public async Task LoadTimeout_CountsAsACrashOfItsKind_AndEndsTheStartTraceWithAnError()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateAsync(cluster, o => o.LoadTimeout = TimeSpan.FromMilliseconds(300), ("m", new FakeScenario { HangAtLoad = true }, (int?)null));
        var id = bed.Id("m");

        await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("m").StartAsync());

        Assert.Equal(1, telemetry.Single("orchestrator.model.crashes", id, (OrchestratorMetrics.ReasonTag, CrashKinds.LoadTimeout)).Value);
        Assert.Empty(telemetry.Points("orchestrator.model.start_duration", id));
        Assert.Empty(telemetry.Points("orchestrator.model.restarts", id));
        var trace = Assert.Single(telemetry.Activities("start", id));
        Assert.Equal("crashed", trace.GetTagItem("orchestrator.outcome"));
        Assert.Equal(ActivityStatusCode.Error, trace.Status);
        Assert.Equal(CrashKinds.LoadTimeout, trace.StatusDescription);
    }
}
