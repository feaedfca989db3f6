using Microsoft.Extensions.AI;
using Orchestrator.Client.AI;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

public sealed class ChatClientTests
{
    private const string Id = "local/tiny:q0";

    [Fact]
    public async Task GetStreamingResponseAsync_OneUpdatePerDelta_ThenFinishReasonAndUsage()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario { LoadMs = 0, Tokens = ["a", "b", "c"], TokenCount = 6 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync(Id);
        using var chat = new OrchestratorChatClient(client, Id);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in chat.GetStreamingResponseAsync([new(ChatRole.User, "Hello")]))
        {
            updates.Add(update);
        }

        Assert.Equal(["a", "b", "c", "a", "b", "c"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.All(updates, u => Assert.Equal(Id, u.ModelId));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>()).Details;
        Assert.Equal(7, usage.OutputTokenCount);
        Assert.True(usage.InputTokenCount > 0);
    }

    [Fact]
    public async Task GetResponseAsync_AggregatesTheStream_AndMapsChatOptions()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario { LoadMs = 0, Tokens = ["x", "y"], TokenCount = 40 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync(Id);
        using var chat = new OrchestratorChatClient(client, Id);
        var options = new ChatOptions { MaxOutputTokens = 3, Temperature = 0.5f, TopP = 0.9f, TopK = 20, Seed = 42, StopSequences = ["\n\n"], Instructions = "Be brief." };

        var response = await chat.GetResponseAsync([new(ChatRole.System, "You are a test."), new(ChatRole.User, "Hello")], options);

        Assert.Equal("xyx", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal(3, response.Usage?.OutputTokenCount);
        Assert.Equal(Id, response.ModelId);
        Assert.Equal(ChatRole.Assistant, Assert.Single(response.Messages).Role);
    }

    [Fact]
    public async Task GetResponseAsync_ModelNotRunning_ThrowsModelNotRunning()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();
        using var chat = new OrchestratorChatClient(client, Id);

        var error = await Assert.ThrowsAsync<ModelNotRunningException>(() => chat.GetResponseAsync("Hello"));

        Assert.Equal(Id, error.ModelId);
    }

    [Fact]
    public async Task GetResponseAsync_StreamEndsInAnError_ThrowsChatStreamException()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario { LoadMs = 0, TokenCount = 10, ErrorAfterTokens = 2 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync(Id);
        using var chat = new OrchestratorChatClient(client, Id);

        var error = await Assert.ThrowsAsync<ChatStreamException>(() => chat.GetResponseAsync("Hello"));

        Assert.Equal(ErrorTypes.UpstreamError, error.ErrorType);
    }

    [Fact]
    public async Task GetService_Metadata_NamesTheModelAndTheSilosGateway()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();
        using var chat = new OrchestratorChatClient(client, Id);

        var metadata = chat.GetService<ChatClientMetadata>();

        Assert.Equal(Id, metadata?.DefaultModelId);
        Assert.Equal(new Uri($"tcp://{silo.Info.Gateway}"), metadata?.ProviderUri);
        Assert.Same(client, chat.GetService<OrchestratorClient>());
    }
}
