using System.Net.Sockets;
using Orchestrator.TestSupport;

namespace Orchestrator.FakeLlamaServer.Tests;

/// <summary>SIGTERM as llama-server handles it: fatal while loading, a clean exit when idle, ignored while a client is served.</summary>
public sealed class SignalTests
{
    private const string CleaningUp = "srv    operator(): cleaning up before exit...";

    [Fact]
    public async Task SigtermWhileLoading_KillsTheProcessBySignal()
    {
        await using var run = FakeRun.Start(new FakeScenario { HangAtLoad = true });
        await run.Process.WaitForLineAsync("main: loading model");

        run.Process.Signal(Signals.SigTerm);

        // Process.ExitCode is 128 + the signal for a death by signal.
        Assert.Equal(128 + Signals.SigTerm, await run.Process.WaitForExitAsync());
        Assert.DoesNotContain(CleaningUp, run.Process.StderrLines);
        Assert.Contains(FakeEventLog.Read(run.EventsFile), e => e.Name == FakeEvent.SigTerm);
    }

    [Fact]
    public async Task SigtermWhenIdle_ExitsZero()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0 });
        Assert.Equal("""{"status":"ok"}""", await run.Http.GetStringAsync("health"));

        run.Process.Signal(Signals.SigTerm);

        Assert.Equal(0, await run.Process.WaitForExitAsync());
        Assert.Equal(CleaningUp, run.Process.StderrLines[^1]);
    }

    [Fact]
    public async Task SigtermWithAStreamInFlight_IsIgnored_AndASecondSigtermExitsOne()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, HangAfterTokens = 1, TokenCount = 10 });
        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await reader.NextAsync());

        run.Process.Signal(Signals.SigTerm);
        await run.Process.WaitForLineAsync(CleaningUp);
        // Like llama-server it stops listening, but stays up for the request in flight.
        await AssertRefusesConnectionsAsync(run);
        Assert.False(run.Process.HasExited);

        run.Process.Signal(Signals.SigTerm);

        Assert.Equal(1, await run.Process.WaitForExitAsync());
        Assert.Equal("Received second interrupt, terminating immediately.", run.Process.StderrLines[^1]);
    }

    [Fact]
    public async Task SigtermWithAStreamInFlight_ExitsZero_OnceTheClientDisconnects()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, HangAfterTokens = 1, TokenCount = 10 });
        var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await reader.NextAsync());
        run.Process.Signal(Signals.SigTerm);
        await run.Process.WaitForLineAsync(CleaningUp);
        Assert.False(run.Process.HasExited);

        response.Dispose();

        Assert.Equal(0, await run.Process.WaitForExitAsync());
        var events = FakeEventLog.Read(run.EventsFile).Select(e => e.Name).ToList();
        Assert.Equal([FakeEvent.Ready, FakeEvent.RequestStarted, FakeEvent.SigTerm, FakeEvent.ClientDisconnected], events);
    }

    [Fact]
    public async Task SigtermWithAStreamInFlight_ExitsZeroAtOnce_WhenTheScenarioSaysSo()
    {
        await using var run = await FakeRun.StartReadyAsync(
            new FakeScenario { LoadMs = 0, HangAfterTokens = 1, TokenCount = 10, IgnoreSigtermInFlight = false });
        using var response = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        var reader = new RawSseReader(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await reader.NextAsync());

        run.Process.Signal(Signals.SigTerm);

        Assert.Equal(0, await run.Process.WaitForExitAsync());
    }

    private static async Task AssertRefusesConnectionsAsync(FakeRun run)
    {
        var deadline = DateTime.UtcNow + FakeRun.Deadline;
        while (true)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync("127.0.0.1", run.Process.Port!.Value);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // Queued on the listener as it closed: try again.
            }

            Assert.True(DateTime.UtcNow < deadline, "the listening socket is still open after SIGTERM");
            // Closing the listener happens on the fake's side with no event this test can await.
            await Task.Delay(10);
        }
    }
}
