using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class EventsCommandTests
{
    [Fact]
    public async Task Events_Json_PrintsEachStateChangeUntilCtrlC()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();
        using var cli = new CliHarness();

        var run = cli.RunAsync(Args.For(silo, "events", "--json"));
        // The note is written once the silo has subscribed: every change from here on is in the stream.
        await cli.Stderr.WaitForAsync("Following state changes");
        await client.StartAsync("local/m:1");
        await cli.Stdout.WaitForAsync("\"status\":\"Running\"");
        cli.Interrupts.Interrupt();

        Assert.Equal(0, await run);
        var changes = cli.JsonLines();
        Assert.All(changes, c => Assert.Equal("local/m:1", c.GetProperty("id").GetString()));
        Assert.Equal(["Starting", "Running"], changes.Select(c => c.GetProperty("status").GetString()).Distinct());
    }

    [Fact]
    public async Task Events_PrintsReadableLines()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();
        using var cli = new CliHarness();

        var run = cli.RunAsync(Args.For(silo, "events"));
        await cli.Stderr.WaitForAsync("Following state changes");
        await client.StartAsync("local/m:1");
        await cli.Stdout.WaitForAsync("-> Running");
        cli.Interrupts.Interrupt();

        Assert.Equal(0, await run);
        Assert.Contains("local/m:1 Starting -> Running (port ", cli.Stdout.Text, StringComparison.Ordinal);
    }
}
