using System.Net;
using System.Net.Sockets;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary>
/// Ctrl+C ends a follow (<c>logs -f</c>, <c>events</c>) with exit code 0 whenever it comes, connecting included; any other
/// command it interrupts exits 130.
/// </summary>
public sealed class InterruptTests
{
    private const int Runs = 24;

    private enum Moment
    {
        BeforeTheRun,
        AsTheRunStarts,
        FromAnotherThread,
        AtTheFollowingNote,
        AtTheFirstLine,
        AfterARandomDelay,
    }

    [Theory]
    [InlineData(true, "logs", "m", "--tail", "5", "-f")]
    [InlineData(true, "logs", "m", "--tail", "5", "-f", "--json")]
    [InlineData(false, "events")]
    [InlineData(false, "events", "--json")]
    public async Task Follow_CtrlCAtAnyMoment_Exits0EveryTime(bool printsAtOnce, params string[] args)
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        await using (var client = await silo.ConnectClientAsync())
        {
            await client.StartAsync("m");
        }

        // The moments that come by themselves: events prints no line until a model changes.
        var moments = Enum.GetValues<Moment>().Where(m => printsAtOnce || m != Moment.AtTheFirstLine).ToArray();
        for (var run = 0; run < Runs; run++)
        {
            var moment = moments[run % moments.Length];
            using var cli = new CliHarness();

            var code = await RunInterruptedAsync(cli, Args.For(silo, args), moment);

            Assert.True(code == 0, $"run {run}, Ctrl+C {moment}: exit code {code}; stderr: {cli.Stderr.Text}");
            Assert.DoesNotContain("orch:", cli.Stderr.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>A "silo" that accepts the connection and never answers: the command is caught while it connects.</summary>
    [Theory]
    [InlineData(0, "logs", "m", "-f")]
    [InlineData(0, "events")]
    [InlineData(130, "models")]
    [InlineData(130, "logs", "m")]
    [InlineData(130, "chat", "m", "Hi")]
    public async Task CtrlCWhileConnecting_FollowsExit0_OtherCommandsExit130(int expected, params string[] args)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var cli = new CliHarness();

        var run = cli.RunAsync([.. args, "--gateway", $"{silent.LocalEndpoint}", "--token", "t"]);
        using var connection = await AcceptAsync(silent);
        cli.Interrupts.Interrupt();

        Assert.Equal(expected, await run.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    /// <summary>
    /// The real signal to a real orch process, caught while it connects. (Before the runtime reaches orch's Main there is no
    /// handler yet, and SIGINT ends the process as it ends any: 130 from the shell. No test can aim at that window.)
    /// </summary>
    [Theory]
    [InlineData(0, "logs", "m", "-f")]
    [InlineData(0, "events")]
    [InlineData(130, "models")]
    public async Task SigintWhileConnecting_FollowsExit0_OtherCommandsExit130(int expected, params string[] args)
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using var orch = OrchProcess.Start(null, [.. args, "--gateway", $"{silent.LocalEndpoint}", "--token", "t"]);

        // Connected: orch is running its command, so its Ctrl+C handler is in place.
        using var connection = await AcceptAsync(silent);
        Signals.Send(orch.Id, Signals.SigInt);
        var (code, _, stderr) = await orch.WaitAsync();

        Assert.True(code == expected, $"exit code {code}; stderr: {stderr}");
    }

    private static async Task<TcpClient> AcceptAsync(TcpListener listener)
    {
        // A deadline for a command that failed before connecting, so the test fails instead of hanging.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await listener.AcceptTcpClientAsync(deadline.Token);
    }

    private static async Task<int> RunInterruptedAsync(CliHarness cli, string[] args, Moment moment)
    {
        var once = 0;
        void Interrupt()
        {
            if (Interlocked.Exchange(ref once, 1) == 0)
            {
                cli.Interrupts.Interrupt();
            }
        }

        switch (moment)
        {
            case Moment.BeforeTheRun:
                Interrupt();
                break;
            case Moment.AtTheFollowingNote:
                cli.Stderr.OnWrite = text => { if (text.Contains("Ctrl+C to stop", StringComparison.Ordinal)) Interrupt(); };
                break;
            case Moment.AtTheFirstLine:
                cli.Stdout.OnWrite = text => { if (text.Contains('\n', StringComparison.Ordinal)) Interrupt(); };
                break;
        }

        var run = cli.RunAsync(args);
        switch (moment)
        {
            case Moment.AsTheRunStarts:
                Interrupt();
                break;
            case Moment.FromAnotherThread:
                await Task.Run(Interrupt);
                break;
            case Moment.AfterARandomDelay:
                // Somewhere between connecting and following; where exactly differs from run to run.
                await Task.Delay(Random.Shared.Next(0, 15));
                Interrupt();
                break;
        }

        // A deadline for a run that would hang, not a measurement: a follow only ends by the interrupt.
        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
