using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

public sealed class ErrorMappingTests
{
    private static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);

    [Fact]
    public async Task UnknownId_EveryCall_ThrowsModelNotFoundWithTheId()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();

        var errors = new[]
        {
            await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetAsync("no/such:model")),
            await Assert.ThrowsAsync<ModelNotFoundException>(() => client.StartAsync("no/such:model")),
            await Assert.ThrowsAsync<ModelNotFoundException>(() => client.StopAsync("no/such:model")),
            await Assert.ThrowsAsync<ModelNotFoundException>(() => client.GetLogsAsync("no/such:model")),
            await Assert.ThrowsAsync<ModelNotFoundException>(() => client.OpenChatAsync("no/such:model", Hello)),
        };

        Assert.All(errors, e => Assert.Equal("no/such:model", e.ModelId));
        Assert.All(errors, e => Assert.Equal(ErrorTypes.ModelNotFound, e.ErrorType));
    }

    [Fact]
    public async Task Chat_ModelNotRunning_ThrowsModelNotRunningWithItsStatus()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();

        var error = await Assert.ThrowsAsync<ModelNotRunningException>(async () =>
        {
            await foreach (var _ in client.ChatAsync("local/m:1", Hello))
            {
            }
        });

        Assert.Equal("local/m:1", error.ModelId);
        Assert.Equal(ModelStatus.Stopped, error.Status);
    }

    [Fact]
    public async Task Start_ServerExitsWhileLoading_ThrowsStartFailedWithTheServersOutput()
    {
        await using var silo = await TestSilo.StartAsync(("bad/model:1", new FakeScenario { ExitAtLoadCode = 1, ExitAtLoadMessage = "gguf_init_from_file: failed to read magic" }));
        await using var client = await silo.ConnectClientAsync();

        var error = await Assert.ThrowsAsync<StartFailedException>(() => client.StartAsync("bad/model:1"));

        Assert.Equal("bad/model:1", error.ModelId);
        Assert.Contains("failed to read magic", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("failed to start:", error.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Crashed, (await client.GetAsync("bad/model:1")).Status);
    }
}
