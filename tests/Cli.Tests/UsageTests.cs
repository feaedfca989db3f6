using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests;

public sealed class UsageTests
{
    [Theory]
    [InlineData("nosuchcommand")]
    [InlineData("models", "--nosuchoption")]
    [InlineData("status")]
    [InlineData("logs", "m", "--tail", "-1")]
    [InlineData("logs", "m", "--tail", "many")]
    [InlineData("models", "--url", "not a url")]
    [InlineData("models", "--gateway", "nohost")]
    public async Task BadCommandLine_Exits2WithTheErrorOnStderr(params string[] args)
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("orch:", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("--help", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Empty(cli.Stdout.Text);
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndTheExitCodes()
    {
        using var cli = new CliHarness();

        var code = await cli.RunAsync("--help");

        Assert.Equal(0, code);
        foreach (var command in new[] { "models", "status", "start", "stop", "chat", "logs", "events", "doctor", "--json", "--url", "--gateway", "--token" })
        {
            Assert.Contains(command, cli.Stdout.Text, StringComparison.Ordinal);
        }

        Assert.Contains("3 silo unreachable", cli.Stdout.Text, StringComparison.Ordinal);
    }
}
