using System.Text.RegularExpressions;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary><c>orch models</c> fits an 80-column terminal, and redirected it keeps long crash reasons out of the columns.</summary>
public sealed class ModelsTableTests
{
    private const string LongId = "registry.ollama.ai/library/llama3.2:3b";

    // Longer than any terminal line: the server's own words must survive whole where they are kept.
    private static readonly string LoadError = "gguf_init_from_file: failed to read magic " + string.Concat(Enumerable.Repeat("and then some more words ", 12)).TrimEnd();

    [Fact]
    public async Task AtWidth80_ShortIds_EachModelIsOneLineWithTheReasonCut()
    {
        await using var silo = await SiloWithACrashAsync("local/bad:1", ("local/a:1", new FakeScenario()));
        using var cli = new CliHarness(width: 80);

        var code = await cli.RunAsync(Args.For(silo, "models"));

        Assert.Equal(0, code);
        var lines = Lines(cli.Stdout.Text);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^ID +STATUS +MEMORY +TTL +PORT +PID +SINCE +REASON$", lines[0]);
        Assert.StartsWith("local/a:1 ", lines[1], StringComparison.Ordinal);
        Assert.Matches(@"^local/bad:1 +Crashed +~1 MB +- +- +- +\S+ +exited with code 1 .*…$", lines[2]);
    }

    [Fact]
    public async Task AtWidth80_LongId_TheIdStaysWholeAndTheReasonGoesUnderTheTable()
    {
        await using var silo = await SiloWithACrashAsync(LongId, ("local/a:1", new FakeScenario()));
        using var cli = new CliHarness(width: 80);

        var code = await cli.RunAsync(Args.For(silo, "models"));

        Assert.Equal(0, code);
        var lines = Lines(cli.Stdout.Text);
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Matches(@"^ID +STATUS +MEMORY +TTL +PORT +PID$", lines[0]); // SINCE gave way
        Assert.Matches($@"^{Regex.Escape(LongId)} +Crashed +~1 MB +- +- +-$", lines[2]);
        Assert.Equal(string.Empty, lines[3]);
        // What happened and the server's last line (the error), wrapped at the terminal's width.
        Assert.Equal($"{LongId}: exited with code 1 while loading the model; last output: {LoadError}", string.Join(" ", lines.Skip(4).Select(line => line.Trim())));
    }

    [Fact]
    public async Task NarrowTerminal_TheLastColumnsGiveWayNotTheIds()
    {
        await using var silo = await SiloWithACrashAsync("local/bad:1", (LongId, new FakeScenario()));
        using var cli = new CliHarness(width: 50);

        var code = await cli.RunAsync(Args.For(silo, "models"));

        Assert.Equal(0, code);
        var lines = Lines(cli.Stdout.Text);
        Assert.All(lines, line => Assert.True(line.Length <= 50, $"{line.Length} columns: {line}"));
        Assert.Matches(@"^ID +STATUS$", lines[0]);
        Assert.Matches($@"^{Regex.Escape(LongId)} +Stopped$", lines[1]);
        Assert.Matches(@"^local/bad:1 +Crashed$", lines[2]);
    }

    [Fact]
    public async Task Redirected_PlainColumnsThenEachFullReasonOnItsOwnLines()
    {
        await using var silo = await SiloWithACrashAsync("local/bad:1", ("local/a:1", new FakeScenario()));
        using var cli = new CliHarness(redirected: true);

        var code = await cli.RunAsync(Args.For(silo, "models"));

        Assert.Equal(0, code);
        var text = cli.Stdout.Text;
        var lines = Lines(text);
        Assert.Matches(@"^ID +STATUS +MEMORY +TTL +PORT +PID +SINCE +UPTIME +TOK/S$", lines[0]);
        Assert.Matches(@"^local/a:1 +Stopped +~1 MB +- +- +- +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +- +-$", lines[1]);
        Assert.Matches(@"^local/bad:1 +Crashed +~1 MB +- +- +- +\d{4}-\d\d-\d\d \d\d:\d\d:\d\d +- +-$", lines[2]);
        Assert.Equal(string.Empty, lines[3]);
        Assert.Equal("local/bad:1: exited with code 1 while loading the model; last output:", lines[4]);
        Assert.Contains($"  {LoadError}", lines.Skip(5), StringComparer.Ordinal);
        Assert.All(lines, line => Assert.False(line.EndsWith(' '), $"trailing spaces: '{line}'"));
        Assert.DoesNotContain("\u001b", text, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    /// <summary>A silo whose model <paramref name="crashing"/> has crashed at load with <see cref="LoadError"/>.</summary>
    private static async Task<TestSilo> SiloWithACrashAsync(string crashing, (string Id, FakeScenario Scenario) other)
    {
        var silo = await TestSilo.StartAsync(other, (crashing, new FakeScenario { LoadMs = 0, ExitAtLoadCode = 1, ExitAtLoadMessage = LoadError }));
        await using var client = await silo.ConnectClientAsync();
        await Assert.ThrowsAsync<StartFailedException>(() => client.StartAsync(crashing));
        return silo;
    }
}
