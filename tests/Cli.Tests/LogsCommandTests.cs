using System.Text.Json;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class LogsCommandTests
{
    [Fact]
    public async Task Logs_Json_PrintsTheLastLinesAsAnArray()
    {
        await using var silo = await StartedSiloAsync();
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "logs", "m", "--tail", "500", "--json"));

        Assert.Equal(0, code);
        var lines = cli.Json();
        Assert.Equal(JsonValueKind.Array, lines.ValueKind);
        Assert.Contains(lines.EnumerateArray(), l => l.GetProperty("text").GetString()!.Contains("main: model loaded", StringComparison.Ordinal));
        Assert.Equal("Stderr", lines[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Logs_Tail_PrintsThatManyLines()
    {
        await using var silo = await StartedSiloAsync();
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "logs", "m", "-n", "2"));

        Assert.Equal(0, code);
        Assert.Equal(2, cli.Stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Logs_Follow_PrintsTheTailThenFollowsUntilCtrlC()
    {
        await using var silo = await StartedSiloAsync();
        using var cli = new CliHarness();

        var run = cli.RunAsync(Args.For(silo, "logs", "m", "--tail", "500", "-f"));
        await cli.Stdout.WaitForAsync("main: starting the main loop");
        await cli.Stderr.WaitForAsync("Ctrl+C to stop");
        cli.Interrupts.Interrupt();

        Assert.Equal(0, await run);
        Assert.Contains("main: model loaded", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_FollowJson_PrintsOneLinePerLogLine()
    {
        await using var silo = await StartedSiloAsync();
        using var cli = new CliHarness();

        var run = cli.RunAsync(Args.For(silo, "logs", "m", "--tail", "3", "--follow", "--json"));
        await cli.Stderr.WaitForAsync("Ctrl+C to stop");
        await cli.Stdout.WaitForAsync("main: starting the main loop");
        cli.Interrupts.Interrupt();

        Assert.Equal(0, await run);
        var lines = cli.JsonLines();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.True(l.GetProperty("sequence").GetInt64() > 0));
    }

    private static async Task<TestSilo> StartedSiloAsync()
    {
        var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");
        return silo;
    }
}
