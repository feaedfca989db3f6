using System.Net;
using System.Net.Sockets;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

[Collection(GrainCluster.Collection)]
public sealed class ModelGrainStartTests(GrainCluster cluster)
{
    [Fact]
    public async Task Start_FastModel_BecomesRunningWithPortAndPid()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("local/tiny-a:q0", new FakeScenario { LoadMs = 0 }));

        var state = await bed.Grain("local/tiny-a:q0").StartAsync();

        Assert.Equal(ModelStatus.Running, state.Status);
        Assert.NotNull(state.Port);
        Assert.NotNull(state.Pid);
        Assert.True(ProcessAssert.IsAlive(state.Pid!.Value));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri($"http://127.0.0.1:{state.Port}/health"))).StatusCode);
    }

    [Fact]
    public async Task GetState_DuringSlowLoad_AnswersStartingBeforeTheLoadEnds()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("slow", new FakeScenario { LoadMs = 3000 }));
        var grain = bed.Grain("slow");

        var start = grain.StartAsync();
        await bed.WaitForAsync("slow", s => s.Status == ModelStatus.Starting && s.Pid is not null);
        var status = await grain.GetStateAsync();

        Assert.Equal(ModelStatus.Starting, status.Status);
        Assert.False(start.IsCompleted, "the status was answered only after the load ended");
        Assert.Equal(ModelStatus.Running, (await start).Status);
    }

    [Fact]
    public async Task Start_LoadOutlastsOrleansResponseTimeout_StillSucceedsAndStatusAnswersMeanwhile()
    {
        // Orleans' response timeout at 1 s here (30 s by default) against a 3 s load: a start waits for the model, not for
        // the runtime's default, while every other call keeps the short one.
        await using var bed = await GrainTestBed.CreateAsync(cluster, null, TimeSpan.FromSeconds(1), ("slow", new FakeScenario { LoadMs = 3000 }, null));
        var grain = bed.Grain("slow");

        var start = grain.StartAsync();
        await bed.WaitForAsync("slow", s => s.Status == ModelStatus.Starting && s.Pid is not null);
        var during = await grain.GetStateAsync();

        Assert.Equal(ModelStatus.Starting, during.Status);
        Assert.Equal(ModelStatus.Running, (await start).Status);
    }

    [Fact]
    public async Task Start_ExitDuringLoad_CrashedWithExitCodeAndLastStderrLines()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("bad", new FakeScenario { LoadMs = 100, ExitAtLoadCode = 3, ExitAtLoadMessage = "llama_model_load: error loading model: tensor data is not within file bounds" }));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("bad").StartAsync());

        Assert.Contains("exited with code 3 while loading", error.Reason, StringComparison.Ordinal);
        Assert.Contains("tensor data is not within file bounds", error.Reason, StringComparison.Ordinal);
        var state = await bed.Grain("bad").GetStateAsync();
        Assert.Equal(ModelStatus.Crashed, state.Status);
        Assert.Equal(error.Reason, state.Reason);
        Assert.Null(state.Pid);
    }

    [Fact]
    public async Task Start_PortTaken_CrashedWithTheBindError()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        await using var bed = await GrainTestBed.CreateAsync(cluster, null, ("fixed-port", new FakeScenario(), port));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("fixed-port").StartAsync());

        Assert.Contains("exited with code 1", error.Reason, StringComparison.Ordinal);
        Assert.Contains("couldn't bind HTTP server socket", error.Reason, StringComparison.Ordinal);
        Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingBinary_CrashedNamingThePath()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, o => o.LlamaServerPath = "/nonexistent/llama-server", ("m", new FakeScenario(), null));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("m").StartAsync());

        Assert.Contains("llama-server binary not found at /nonexistent/llama-server", error.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Crashed, (await bed.Grain("m").GetStateAsync()).Status);
    }

    [Fact]
    public async Task Start_MissingModelFile_CrashedNamingTheFile()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario()));
        var modelFile = bed.ModelFile("m");
        File.Delete(modelFile);

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("m").StartAsync());

        Assert.Contains($"model file not found: {modelFile}", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NeverReady_CrashedByTheLoadTimeoutAndKilled()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, o => o.LoadTimeout = TimeSpan.FromSeconds(1), ("hang", new FakeScenario { HangAtLoad = true }, null));

        var error = await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("hang").StartAsync());

        Assert.Contains("load timeout", error.Reason, StringComparison.Ordinal);
        Assert.Empty(bed.LiveChildren());
    }

    [Fact]
    public async Task Start_AfterACrash_StartsANewProcess()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0 }));
        var first = await bed.Grain("m").StartAsync();

        System.Diagnostics.Process.GetProcessById(first.Pid!.Value).Kill();
        var crashed = await bed.WaitForAsync("m", s => s.Status == ModelStatus.Crashed);
        var second = await bed.Grain("m").StartAsync();

        Assert.Contains("killed by SIGKILL", crashed.Reason, StringComparison.Ordinal);
        Assert.Contains("while running", crashed.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Running, second.Status);
        Assert.NotEqual(first.Pid, second.Pid);
    }

    [Fact]
    public async Task Start_ServerCrashesMidRequest_CrashedAtOnceWithTheExitCode()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 0, CrashAfterTokens = 2, CrashExitCode = 134 }));
        var running = await bed.Grain("m").StartAsync();

        using var http = new HttpClient();
        var body = new StringContent("""{"messages":[{"role":"user","content":"hi"}],"stream":true}""", System.Text.Encoding.UTF8, "application/json");
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{running.Port}/v1/chat/completions"), body);
            await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException("the stream should have broken");
        });
        var crashed = await bed.WaitForAsync("m", s => s.Status == ModelStatus.Crashed);

        Assert.Contains("134", crashed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_HundredConcurrentCalls_SpawnExactlyOneProcess()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 300 }));
        var grain = bed.Grain("m");

        var states = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => grain.StartAsync())));

        Assert.All(states, s => Assert.Equal(ModelStatus.Running, s.Status));
        Assert.Single(states.Select(s => s.Pid).Distinct());
        Assert.Single(bed.LiveChildren());
    }
}
