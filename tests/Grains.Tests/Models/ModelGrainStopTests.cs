using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

[Collection(GrainCluster.Collection)]
public sealed class ModelGrainStopTests(GrainCluster cluster)
{
    [Fact]
    public async Task Stop_WhenNeverStarted_IsANoOp()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario()));

        var state = await bed.Grain("m").StopAsync();

        Assert.Equal(ModelStatus.Stopped, state.Status);
        Assert.Null(state.Pid);
    }

    [Fact]
    public async Task Stop_Running_ExitsAndBecomesStopped()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0 }));
        var running = await bed.Grain("m").StartAsync();

        var stopped = await bed.Grain("m").StopAsync();

        Assert.Equal(ModelStatus.Stopped, stopped.Status);
        Assert.Null(stopped.Pid);
        Assert.False(ProcessAssert.IsAlive(running.Pid!.Value));
    }

    [Fact]
    public async Task Stop_DuringLoad_KillsTheLoadingProcessAndFailsTheStart()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("slow", new FakeScenario { LoadMs = 30_000 }));
        var grain = bed.Grain("slow");
        var start = grain.StartAsync();
        var starting = await bed.WaitForAsync("slow", s => s.Status == ModelStatus.Starting && s.Pid is not null);

        var stopped = await grain.StopAsync();

        Assert.Equal(ModelStatus.Stopped, stopped.Status);
        Assert.False(ProcessAssert.IsAlive(starting.Pid!.Value));
        var error = await Assert.ThrowsAsync<StartFailedException>(() => start);
        Assert.Contains("stopped while loading", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_RequestInFlightAndSigtermIgnored_EscalatesAndStops()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, 
            o => o.StopTimeout = TimeSpan.FromMilliseconds(500),
            ("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 20, IgnoreSigtermInFlight = true }, null));
        var running = await bed.Grain("m").StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{running.Port}/v1/chat/completions"))
        {
            Content = new StringContent("""{"messages":[{"role":"user","content":"hi"}],"stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256];
        Assert.True(await stream.ReadAsync(buffer) > 0, "the stream is in flight");

        var stopped = await bed.Grain("m").StopAsync();

        Assert.Equal(ModelStatus.Stopped, stopped.Status);
        Assert.False(ProcessAssert.IsAlive(running.Pid!.Value));
    }

    [Fact]
    public async Task Stop_Crashed_AcknowledgesTheCrash()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("bad", new FakeScenario { ExitAtLoadCode = 1, ExitAtLoadMessage = "boom" }));
        await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("bad").StartAsync());

        var state = await bed.Grain("bad").StopAsync();

        Assert.Equal(ModelStatus.Stopped, state.Status);
        Assert.Null(state.Reason);
    }

    [Fact]
    public async Task Start_DuringStop_StartsAgainOnceTheOldProcessIsGone()
    {
        // A request in flight that the server will not end on SIGTERM keeps the model Stopping until the stop escalates.
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 20, IgnoreSigtermInFlight = true }));
        var first = await bed.Grain("m").StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{first.Port}/v1/chat/completions"))
        {
            Content = new StringContent("""{"messages":[{"role":"user","content":"hi"}],"stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        var stop = bed.Grain("m").StopAsync();
        await bed.WaitForAsync("m", s => s.Status == ModelStatus.Stopping);
        var second = await bed.Grain("m").StartAsync();
        await stop;

        Assert.Equal(ModelStatus.Running, second.Status);
        Assert.NotEqual(first.Pid, second.Pid);
        Assert.False(ProcessAssert.IsAlive(first.Pid!.Value));
    }

    [Fact]
    public async Task Events_StartAndStop_PublishEachTransitionWithTimestamps()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0 }));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var inbox = await bed.SubscribeEventsAsync();
        var events = bed.Mine(inbox, cts.Token).GetAsyncEnumerator(cts.Token);
        var first = events.MoveNextAsync();

        await bed.Grain("m").StartAsync();
        await bed.Grain("m").StopAsync();
        var seen = new List<ModelStatus>();
        for (var next = first; await next; next = events.MoveNextAsync())
        {
            seen.Add(events.Current.State.Status);
            if (events.Current.State.Status == ModelStatus.Stopped)
            {
                break;
            }
        }

        await events.DisposeAsync();
        Assert.Equal([ModelStatus.Starting, ModelStatus.Running, ModelStatus.Stopping, ModelStatus.Stopped], seen.Distinct());
    }

    [Fact]
    public async Task Logs_CaptureTheServerOutputFromTheFirstLine()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0 }));
        await bed.Grain("m").StartAsync();

        var lines = await bed.Grain("m").GetLogsAsync(1000);

        Assert.Contains(lines, l => l.Text.Contains("main: model loaded", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Text.Contains("server is listening on http://127.0.0.1:", StringComparison.Ordinal));
        Assert.Equal(lines.Select(l => l.Sequence).Order(), lines.Select(l => l.Sequence));
    }
}
