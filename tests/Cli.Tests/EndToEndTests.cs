using System.Text.Json;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary>The built orch, run as a process (<c>dotnet orch.dll</c>) against a silo running in this test process.</summary>
public sealed class EndToEndTests
{
    private const string Id = "local/tiny:q0";

    [Fact]
    public async Task Orch_WithUrlAndToken_StartsChatsAndStops()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario { LoadMs = 0, Tokens = ["Hi", "!"], TokenCount = 2 }));

        var start = await OrchProcess.RunAsync(null, Args.For(silo, "start", Id, "--json"));
        var chat = await OrchProcess.RunAsync(null, Args.For(silo, "chat", Id, "Hello"));
        var stop = await OrchProcess.RunAsync(null, Args.For(silo, "stop", Id));

        Assert.True(start.Code == 0, start.Stderr);
        Assert.Equal("Running", JsonDocument.Parse(start.Stdout).RootElement.GetProperty("status").GetString());
        Assert.True(chat.Code == 0, chat.Stderr);
        Assert.Equal("Hi!\n", chat.Stdout);
        Assert.Contains("tokens/s", chat.Stderr, StringComparison.Ordinal);
        Assert.True(stop.Code == 0, stop.Stderr);
        Assert.Contains("Stopped", stop.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orch_WithOrchestratorHome_FindsTheSiloThroughSiloJson()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));

        var models = await OrchProcess.RunAsync(silo.StateDirectory, "models", "--json");

        Assert.True(models.Code == 0, models.Stderr);
        Assert.Equal(Id, JsonDocument.Parse(models.Stdout).RootElement[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Orch_NoSilo_Exits3AndUnknownModel_Exits4()
    {
        using var empty = new TempDirectory();
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));

        var none = await OrchProcess.RunAsync(empty.Path, "models");
        var unknown = await OrchProcess.RunAsync(silo.StateDirectory, "status", "nope");

        Assert.Equal(3, none.Code);
        Assert.Contains("no silo is running", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, unknown.Code);
    }
}
