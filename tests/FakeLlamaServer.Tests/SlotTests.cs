using Orchestrator.TestSupport;

namespace Orchestrator.FakeLlamaServer.Tests;

/// <summary>-np slots: at most N completions at once, the rest wait their turn; /health does not tell slots are busy.</summary>
public sealed class SlotTests
{
    [Fact]
    public async Task OneSlot_TheSecondRequestWaits_UntilTheFirstEnds()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, HangAfterTokens = 1, TokenCount = 10 }, "-np", "1");
        using var cancelFirst = new CancellationTokenSource();
        var first = await run.ChatAsync(FakeRun.ChatBody(stream: true), cancelFirst.Token);
        Assert.NotNull(await new RawSseReader(await first.Content.ReadAsStreamAsync(cancelFirst.Token)).NextAsync(cancelFirst.Token));

        var second = run.ChatAsync(FakeRun.ChatBody(stream: true));
        await FakeEventLog.WaitForAsync(run.EventsFile, FakeEvent.RequestStarted, FakeRun.Deadline, count: 2);
        Assert.Equal("""{"status":"ok"}""", await run.Http.GetStringAsync("health"));
        Assert.False(second.IsCompleted, "the second request started while the only slot was busy");

        first.Dispose();
        using var secondResponse = await second;
        Assert.NotNull(await new RawSseReader(await secondResponse.Content.ReadAsStreamAsync()).NextAsync());
        var secondStreaming = DateTimeOffset.UtcNow;

        var freed = (await FakeEventLog.WaitForAsync(run.EventsFile, FakeEvent.ClientDisconnected, FakeRun.Deadline))
            .Single(e => e.Name == FakeEvent.ClientDisconnected);
        Assert.True(freed.At <= secondStreaming, "the second stream began before the first freed the slot");
    }

    [Fact]
    public async Task TwoSlots_RunTwoCompletionsAtOnce()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0, HangAfterTokens = 1, TokenCount = 10 }, "-np", "2");

        using var first = await run.ChatAsync(FakeRun.ChatBody(stream: true));
        using var second = await run.ChatAsync(FakeRun.ChatBody(stream: true));

        Assert.NotNull(await new RawSseReader(await first.Content.ReadAsStreamAsync()).NextAsync());
        Assert.NotNull(await new RawSseReader(await second.Content.ReadAsStreamAsync()).NextAsync());
    }
}
