using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class StatusCommandTests
{
    private const string Id = "registry.ollama.ai/library/llama3.2:3b";

    [Fact]
    public async Task Status_PrintsTheModelsState()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "status", Id));

        Assert.Equal(0, code);
        Assert.Contains(Id, cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("Stopped", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_Json_PrintsTheModelView()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "status", Id, "--json"));

        Assert.Equal(0, code);
        var model = cli.Json();
        Assert.Equal(Id, model.GetProperty("id").GetString());
        Assert.Equal("Stopped", model.GetProperty("status").GetString());
        Assert.Equal("test", model.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Status_UnknownModel_Exits4WithTheReasonOnStderr()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "status", "no/such:model", "--json"));

        Assert.Equal(4, code);
        Assert.Empty(cli.Stdout.Text);
        Assert.Contains("No model \"no/such:model\"", cli.Stderr.Text, StringComparison.Ordinal);
    }
}
