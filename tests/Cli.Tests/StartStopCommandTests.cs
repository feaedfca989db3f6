using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class StartStopCommandTests
{
    [Fact]
    public async Task Start_ThenStop_PrintsRunningThenStopped_AndNoProcessIsLeft()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        using var start = new CliHarness();
        using var stop = new CliHarness();

        var started = await start.RunAsync(Args.For(silo, "start", "local/m:1", "--json"));
        var pid = start.Json().GetProperty("pid").GetInt32();
        var stopped = await stop.RunAsync(Args.For(silo, "stop", "local/m:1"));

        Assert.Equal(0, started);
        Assert.Equal("Running", start.Json().GetProperty("status").GetString());
        Assert.Equal(0, stopped);
        Assert.Contains("local/m:1 is Stopped", stop.Stdout.Text, StringComparison.Ordinal);
        await ProcessAssert.GoneAsync(pid);
    }

    [Fact]
    public async Task Start_PrintsRunningWithPortAndPid()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "start", "local/m:1"));

        Assert.Equal(0, code);
        Assert.Contains("local/m:1 is Running on port ", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("(pid ", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OnAnInteractiveConsole_ShowsTheSpinnerThenRunning()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        using var cli = new CliHarness(interactive: true);

        var code = await cli.RunAsync(Args.For(silo, "start", "local/m:1"));

        Assert.Equal(0, code);
        Assert.Contains("Starting local/m:1", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("is ", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("Running", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ServerFailsToLoad_Exits1WithTheServersLastLines()
    {
        await using var silo = await TestSilo.StartAsync(("bad", new FakeScenario { ExitAtLoadCode = 1, ExitAtLoadMessage = "gguf_init_from_file: failed to read magic" }));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "start", "bad"));

        Assert.Equal(1, code);
        Assert.Contains("failed to start", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("failed to read magic", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_NotRunning_Exits0()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "stop", "m", "--json"));

        Assert.Equal(0, code);
        Assert.Equal("Stopped", cli.Json().GetProperty("status").GetString());
    }
}
