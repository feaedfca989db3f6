using System.Text.Json;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class ModelsCommandTests
{
    [Fact]
    public async Task Models_PrintsATableWithEveryModel()
    {
        await using var silo = await TestSilo.StartAsync(("local/a:1", new FakeScenario()), ("local/[b]:2", new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "models"));

        Assert.Equal(0, code);
        var text = cli.Stdout.Text;
        Assert.Contains("ID", text, StringComparison.Ordinal);
        Assert.Contains("STATUS", text, StringComparison.Ordinal);
        Assert.Contains("local/a:1", text, StringComparison.Ordinal);
        // Markup in an id is printed as it is, not interpreted.
        Assert.Contains("local/[b]:2", text, StringComparison.Ordinal);
        Assert.Contains("Stopped", text, StringComparison.Ordinal);
        Assert.Empty(cli.Stderr.Text);
    }

    [Fact]
    public async Task Models_Json_PrintsTheModelViewsAsAnArray()
    {
        await using var silo = await TestSilo.StartAsync(("local/a:1", new FakeScenario { LoadMs = 0 }), ("local/b:2", new FakeScenario()));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("local/a:1");
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "models", "--json"));

        Assert.Equal(0, code);
        var models = cli.Json();
        Assert.Equal(JsonValueKind.Array, models.ValueKind);
        Assert.Equal(["local/a:1", "local/b:2"], models.EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("Running", models[0].GetProperty("status").GetString());
        Assert.True(models[0].GetProperty("port").GetInt32() > 0);
        Assert.Equal("Stopped", models[1].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, models[1].GetProperty("pid").ValueKind);
    }

    [Fact]
    public async Task Models_FromSiloJson_WithoutUrlOrToken()
    {
        await using var silo = await TestSilo.StartAsync(("local/a:1", new FakeScenario()));
        using var cli = new CliHarness(silo.StateDirectory);

        var code = await cli.RunAsync("models", "--json");

        Assert.Equal(0, code);
        Assert.Equal("local/a:1", cli.Json()[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Models_UrlWithoutToken_TakesTheTokenFromSiloJsonOfTheSameSilo()
    {
        await using var silo = await TestSilo.StartAsync(("local/a:1", new FakeScenario()));
        using var cli = new CliHarness(silo.StateDirectory);

        var code = await cli.RunAsync("models", "--json", "--url", silo.Info.Url);

        Assert.Equal(0, code);
    }
}
