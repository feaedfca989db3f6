using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class ConnectionTests
{
    [Theory]
    [InlineData("models")]
    [InlineData("status", "m")]
    [InlineData("start", "m")]
    [InlineData("chat", "m", "Hi")]
    [InlineData("events")]
    public async Task NoSiloJson_Exits3SayingNoSiloRunsAndHowToStartOne(params string[] args)
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync(args);

        Assert.Equal(3, code);
        var expected = $"no silo is running (looked for {Path.Combine(cli.StateDirectory, "silo.json")}): start it with";
        Assert.Contains(expected, cli.Stderr.Text.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);
        Assert.Contains("dotnet run --project Silo -- --models models.json", cli.Stderr.Text.ReplaceLineEndings(string.Empty), StringComparison.Ordinal);
        Assert.Empty(cli.Stdout.Text);
    }

    [Fact]
    public async Task StaleSiloJson_Exits3SayingItIsStale()
    {
        using var cli = new CliHarness();
        File.WriteAllText(Path.Combine(cli.StateDirectory, "silo.json"), $$"""{"url":"http://127.0.0.1:1","token":"t","pid":{{int.MaxValue}}}""");

        var code = await cli.RunAsync("models");

        Assert.Equal(3, code);
        Assert.Contains("stale", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingAtTheGateway_Exits3()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("models", "--gateway", $"127.0.0.1:{Ports.Closed()}", "--token", "t");

        Assert.Equal(3, code);
        Assert.Contains("no silo answers at", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_Exits1SayingTheTokenWasRefused()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync("models", "--gateway", silo.Info.Gateway!, "--token", "wrong");

        Assert.Equal(1, code);
        Assert.Contains("refused the token", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("--token", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_OfAnotherSilo_Exits3SayingHowToNameAGateway()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var cli = new CliHarness(silo.StateDirectory);

        var code = await cli.RunAsync("models", "--url", "http://127.0.0.1:1");

        Assert.Equal(3, code);
        Assert.Contains("--gateway", cli.Stderr.Text, StringComparison.Ordinal);
    }
}
