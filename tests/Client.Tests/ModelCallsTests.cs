using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

public sealed class ModelCallsTests
{
    private const string Awkward = "registry.ollama.ai/library/llama3.2:3b @x 100%";

    [Fact]
    public async Task ListAsync_ReturnsEveryModelInFileOrder_Stopped()
    {
        await using var silo = await TestSilo.StartAsync(("b/second:1", new FakeScenario()), ("a/first:1", new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();

        var models = await client.ListAsync();

        Assert.Equal(["b/second:1", "a/first:1"], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal(ModelStatus.Stopped, m.Status));
        Assert.All(models, m => Assert.Equal("test", m.Provider));
    }

    [Fact]
    public async Task GetAsync_IdWithSlashColonAtSpaceAndPercent_IsSentAsOneSegment()
    {
        await using var silo = await TestSilo.StartAsync((Awkward, new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();

        var model = await client.GetAsync(Awkward);

        Assert.Equal(Awkward, model.Id);
        Assert.Equal(ModelStatus.Stopped, model.Status);
        Assert.Null(model.Reason);
    }

    [Fact]
    public async Task StartAsync_ThenStopAsync_RunningWithPortAndPid_ThenStoppedAndTheProcessIsGone()
    {
        await using var silo = await TestSilo.StartAsync((Awkward, new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();

        var started = await client.StartAsync(Awkward);
        var viewed = await client.GetAsync(Awkward);
        var stopped = await client.StopAsync(Awkward);

        Assert.Equal(ModelStatus.Running, started.Status);
        Assert.True(started.Port > 0);
        Assert.NotNull(started.Pid);
        Assert.Equal(started.Pid, viewed.Pid);
        Assert.Equal(ModelStatus.Stopped, stopped.Status);
        Assert.Null(stopped.Pid);
        await ProcessAssert.GoneAsync(started.Pid.Value);
    }

    [Fact]
    public async Task ConnectAsync_FromTheStateDirectory_FindsTheSilo()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        await using var client = await OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { StateDirectory = silo.StateDirectory });

        var models = await client.ListAsync();

        Assert.Equal(silo.Info.Gateway, client.Gateway);
        Assert.Equal("m", Assert.Single(models).Id);
    }
}
