using System.Net;
using System.Net.Sockets;
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
        using var client = silo.CreateClient();

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
        using var client = silo.CreateClient();

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
        using var client = silo.CreateClient();

        var error = await Assert.ThrowsAsync<StartFailedException>(() => client.StartAsync("bad/model:1"));

        Assert.Equal("bad/model:1", error.ModelId);
        Assert.Contains("failed to read magic", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("failed to start:", error.Reason, StringComparison.Ordinal);
        Assert.Equal(ModelStatus.Crashed, (await client.GetAsync("bad/model:1")).Status);
    }

    [Fact]
    public async Task WrongToken_ThrowsSiloRequestUnauthorized()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var client = new OrchestratorClient(silo.Url, "not-the-token");

        var error = await Assert.ThrowsAsync<SiloRequestException>(() => client.ListAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("unauthorized", error.ErrorType);
        Assert.Contains("silo.json", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadChatOption_ThrowsSiloRequestBadRequestNamingTheField()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        using var client = silo.CreateClient();
        await client.StartAsync("m");
        var request = Hello with { Options = new Dictionary<string, System.Text.Json.JsonElement> { ["max_tokens"] = System.Text.Json.JsonDocument.Parse("-1").RootElement } };

        var error = await Assert.ThrowsAsync<SiloRequestException>(() => client.OpenChatAsync("m", request));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal(ErrorTypes.BadRequest, error.ErrorType);
        Assert.Contains("max_tokens", error.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListening_ThrowsSiloUnavailable()
    {
        var url = new Uri($"http://127.0.0.1:{ClosedPort()}");
        using var client = new OrchestratorClient(url, "token");

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => client.ListAsync());

        Assert.Equal(url, error.Url);
        Assert.Contains("no silo answers at", error.Message, StringComparison.Ordinal);
        Assert.Contains(SiloUnavailableException.StartHint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoSiloJson_ThrowsSiloUnavailableNamingThePathAndHowToStart()
    {
        using var folder = new TempDirectory();

        var error = Assert.Throws<SiloUnavailableException>(() => OrchestratorClient.Connect(folder.Path));

        Assert.Equal(Path.Combine(folder.Path, "silo.json"), error.InfoPath);
        Assert.Contains($"no silo is running (looked for {error.InfoPath})", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project Silo -- --models models.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_SiloJsonOfADeadProcess_ThrowsSiloUnavailableSayingItIsStale()
    {
        using var folder = new TempDirectory();
        // No pid reaches int.MaxValue (Linux's pid_max is at most 2^22): this silo is certainly gone.
        File.WriteAllText(folder.File("silo.json"), $$"""{"url":"http://127.0.0.1:1","token":"t","pid":{{int.MaxValue}}}""");

        var error = Assert.Throws<SiloUnavailableException>(() => OrchestratorClient.Connect(folder.Path));

        Assert.Contains("stale", error.Message, StringComparison.Ordinal);
        Assert.Contains($"pid {int.MaxValue}", error.Message, StringComparison.Ordinal);
        Assert.Contains(SiloUnavailableException.StartHint, error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
