using Microsoft.Extensions.AI;
using Orchestrator.Client.AI;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

/// <summary>README's "Embedding in an app", compiled and run against a silo: keep the two identical.</summary>
public sealed class EmbeddingExampleTests
{
    [Fact]
    public async Task ReadmeExample_ConnectsStartsAndStreamsAChat()
    {
        await using var silo = await TestSilo.StartAsync(("registry.ollama.ai/library/llama3.2:3b", new FakeScenario { LoadMs = 0, Tokens = ["Rayleigh", " scattering"], TokenCount = 2 }));
        var options = new OrchestratorClientOptions { StateDirectory = silo.StateDirectory }; // the README uses the default
        var output = new StringWriter();

        // --- README: Embedding in an app ---
        await using var client = await OrchestratorClient.ConnectAsync(options);   // finds the silo through silo.json
        await client.StartAsync("registry.ollama.ai/library/llama3.2:3b");              // returns once it is Running
        IChatClient chat = new OrchestratorChatClient(client, "registry.ollama.ai/library/llama3.2:3b");
        await foreach (var update in chat.GetStreamingResponseAsync("Why is the sky blue?"))
        {
            output.Write(update.Text);
        }
        // --- end ---

        Assert.Equal("Rayleigh scattering", output.ToString());
    }
}
