using System.Text.RegularExpressions;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary>What the CLI shows of the policies: orch ps, memory/ttl/queue in orch models, a broken models.json edit.</summary>
public sealed class PolicyCommandTests
{
    private static readonly FakeScenario Quick = new() { LoadMs = 0 };

    [Fact]
    public async Task Ps_ShowsOnlyRunningAndQueuedModels_WithMemoryIdleAndTheBudget()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(
            new Dictionary<string, string?> { ["Orchestrator:MemoryBudgetMb"] = "100" },
            ("busy", new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 }, new Dictionary<string, object> { ["memory_mb"] = 100, ["ttl"] = 300 }),
            ("waiting", Quick, new Dictionary<string, object> { ["memory_mb"] = 100 }),
            ("idle-stopped", Quick, null));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("busy");
        await using var chat = await client.OpenChatAsync("busy", new([new("user", "Hello")]));
        await using var tokens = chat.GetAsyncEnumerator();
        Assert.True(await tokens.MoveNextAsync());
        var queued = client.StartAsync("waiting");
        await using var events = await client.OpenEventsAsync();
        await foreach (var change in events)
        {
            if (change.Id == "waiting" && change.Status == ModelStatus.Queued)
            {
                break;
            }
        }

        using var cli = new CliHarness(redirected: true);
        var code = await cli.RunAsync(Args.For(silo, "ps"));

        Assert.Equal(0, code);
        var lines = cli.Stdout.Text.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^ID +STATUS +MEMORY +UPTIME +IDLE +TOK/S +TTL +PORT +PID$", lines[0]);
        Assert.Matches(@"^busy +Running +100 MB +\d+s +busy +- +5m +\d+ +\d+$", lines[1]); // no answer has ended yet
        Assert.Matches(@"^waiting +Queued #1 +100 MB +- +- +- +- +- +-$", lines[2]);
        Assert.Contains("waiting: queued: needs 100 MB, 0 of 100 MB free; busy with chats: busy", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("memory in use: 100 of 100 MB; 1 model(s) holding a server; 1 queued", cli.Stderr.Text, StringComparison.Ordinal);

        using var json = new CliHarness();
        Assert.Equal(0, await json.RunAsync(Args.For(silo, "ps", "--json")));
        var view = json.Json();
        Assert.Equal(["busy", "waiting"], view.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        Assert.Equal(100, view.GetProperty("budget").GetProperty("memoryInUseMb").GetInt32());
        await tokens.DisposeAsync();
        await chat.DisposeAsync();
        await queued;
    }

    [Fact]
    public async Task Ps_NothingRunning_SaysSo()
    {
        await using var silo = await TestSilo.StartAsync(("a", Quick));
        using var cli = new CliHarness();

        Assert.Equal(0, await cli.RunAsync(Args.For(silo, "ps")));

        Assert.Empty(cli.Stdout.Text);
        Assert.Contains("No model is running or queued.", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("memory in use: 0 MB (no budget); 0 model(s) holding a server; 0 queued", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Models_ShowsMemoryAndTtl_AndStatusShowsHowTheMemoryIsKnown()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(null,
            ("declared", Quick, new Dictionary<string, object> { ["memory_mb"] = 2048, ["ttl"] = 90 }), ("estimated", Quick, null));
        using var cli = new CliHarness(redirected: true);

        Assert.Equal(0, await cli.RunAsync(Args.For(silo, "models")));

        var lines = cli.Stdout.Text.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^declared +Stopped +2048 MB +90s +- +- +\S", lines[1]);
        Assert.Matches(@"^estimated +Stopped +~1 MB +- +- +- +\S", lines[2]);
        using var status = new CliHarness(redirected: true);
        Assert.Equal(0, await status.RunAsync(Args.For(silo, "status", "estimated")));
        Assert.Matches(new Regex(@"memory +1 MB, estimated: 1 MB file, KV cache unknown \(not a GGUF file\); set memory_mb"), status.Stdout.Text);
    }

    [Fact]
    public async Task Models_AfterABrokenEdit_WarnsWithTheErrorOnStderr_AndStillLists()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Orchestrator.Silo.Registry"] = "Information" }, ("a", Quick));
        await silo.RewriteModelsTextAsync("{\"models\": [ {");
        await silo.Logs.WaitForAsync(l => l.Contains("cannot be used", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        using var cli = new CliHarness();

        Assert.Equal(0, await cli.RunAsync(Args.For(silo, "models", "--json")));

        Assert.Equal("a", Assert.Single(cli.Json().EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("models.json was edited", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("keeps serving the 1 model(s) it loaded before", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("malformed JSON at line 1", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ToAStoppedModelWithAutostart_StartsItAndAnswers_InteractiveToo()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(null,
            ("auto", new FakeScenario { LoadMs = 50, Tokens = ["hi"], TokenCount = 1 }, new Dictionary<string, object> { ["autostart"] = true }));
        using var cli = new CliHarness(input: "Hello\n");

        var code = await cli.RunAsync(Args.For(silo, "chat", "auto"));

        Assert.Equal(0, code);
        Assert.Contains("hi", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Single(silo.LiveFakes());
    }

    [Fact]
    public async Task Events_ShowTheDecisionAndItsReason()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(new Dictionary<string, string?> { ["Orchestrator:MaxRunningModels"] = "1" }, ("a", Quick, null), ("b", Quick, null));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("a");
        using var cli = new CliHarness(redirected: true);
        var following = cli.RunAsync(Args.For(silo, "events"));
        await cli.Stderr.WaitForAsync("Following state changes");

        await client.StartAsync("b");
        await cli.Stdout.WaitForAsync("a Stopping -> Stopped");
        cli.Interrupts.Interrupt();
        Assert.Equal(0, await following);

        Assert.Contains("a Running -> Stopping (port", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Matches(@"a Running -> Stopping \(port \d+, pid \d+\): evicted: idle, least recently used: stopped to make room for ""b""", cli.Stdout.Text);
    }
}
