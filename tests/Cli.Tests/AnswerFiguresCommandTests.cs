using System.Globalization;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary>Where people look: the speed of the last answer and the uptime in orch ps, orch models, orch status and orch events.</summary>
public sealed class AnswerFiguresCommandTests
{
    private static readonly FakeScenario Answering = new() { LoadMs = 0, TokenCount = 12, TokenDelayMs = 1 };

    [Fact]
    public async Task AfterAnAnswer_PsModelsAndStatusShowItsSpeedAndTheUptime()
    {
        await using var silo = await TestSilo.StartAsync(("m", Answering), ("idle", Answering));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");
        await AnswerAsync(client);
        var speed = (await client.GetAsync("m")).LastAnswer!.TokensPerSecond;
        var shown = speed >= 100 ? speed.ToString("0", CultureInfo.InvariantCulture) : speed.ToString("0.0", CultureInfo.InvariantCulture);

        using var ps = new CliHarness(redirected: true);
        Assert.Equal(0, await ps.RunAsync(Args.For(silo, "ps")));
        Assert.Matches($@"^m +Running +~\d+ MB +\d+s +\d+s +{shown} +- +\d+ +\d+$", ps.Stdout.Text.Split('\n')[1]);

        using var models = new CliHarness(redirected: true);
        Assert.Equal(0, await models.RunAsync(Args.For(silo, "models")));
        var lines = models.Stdout.Text.Split('\n');
        Assert.Matches($@" \d+s +{shown}$", Assert.Single(lines, l => l.StartsWith("m ", StringComparison.Ordinal)));
        Assert.Matches(@" - +-$", Assert.Single(lines, l => l.StartsWith("idle ", StringComparison.Ordinal))); // never ran: no uptime, no answer

        using var status = new CliHarness(redirected: true);
        Assert.Equal(0, await status.RunAsync(Args.For(silo, "status", "m")));
        Assert.Matches(@"uptime +\d+s", status.Stdout.Text);
        Assert.Matches($@"last answer +\d+ tokens at {speed:0.0} tokens/s, first token after \d+ ms", status.Stdout.Text);
    }

    [Fact]
    public async Task Events_PrintEachAnswerWithItsFigures()
    {
        await using var silo = await TestSilo.StartAsync(("m", Answering));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");
        using var cli = new CliHarness();

        var run = cli.RunAsync(Args.For(silo, "events"));
        await cli.Stderr.WaitForAsync("Following state changes");
        await AnswerAsync(client);
        await cli.Stdout.WaitForAsync("answered:");
        cli.Interrupts.Interrupt();

        Assert.Equal(0, await run);
        Assert.Matches(@"\d\d:\d\d:\d\d\.\d{3} m answered: \d+ tokens at [\d.]+ tokens/s, first token after \d+ ms", cli.Stdout.Text);
        Assert.DoesNotContain("Running -> Running", cli.Stdout.Text, StringComparison.Ordinal);
    }

    /// <summary>One answer from "m", returned once the grain has taken its figures (its answer event came).</summary>
    private static async Task AnswerAsync(Client.OrchestratorClient client)
    {
        await using var events = await client.OpenEventsAsync();
        await using (var chat = await client.OpenChatAsync("m", new([new ChatMessage("user", "Hello")])))
        {
            ChatEvent? last = null;
            await foreach (var chatEvent in chat)
            {
                last = chatEvent;
            }

            Assert.IsType<ChatDone>(last);
        }

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await foreach (var change in events.WithCancellation(deadline.Token))
        {
            if (change.Id == "m" && change.Answer is not null)
            {
                return;
            }
        }
    }
}
