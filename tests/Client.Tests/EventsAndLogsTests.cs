using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

public sealed class EventsAndLogsTests
{
    [Fact]
    public async Task OpenEventsAsync_ThenStart_SeesStartingThenRunning()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();

        await using var events = await client.OpenEventsAsync();
        var started = await client.StartAsync("local/m:1");
        var seen = new List<ModelStatus>();
        await foreach (var change in events)
        {
            Assert.Equal("local/m:1", change.Id);
            seen.Add(change.Status);
            if (change.Status == ModelStatus.Running)
            {
                Assert.Equal(started.Pid, change.Pid);
                Assert.Equal(ModelStatus.Starting, change.Previous);
                break;
            }
        }

        // Starting may be announced twice (spawned, then the port known).
        Assert.Equal([ModelStatus.Starting, ModelStatus.Running], seen.Distinct());
    }

    [Fact]
    public async Task EventsAsync_Cancelled_Ends()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();
        using var cancel = new CancellationTokenSource();

        var following = Task.Run(async () =>
        {
            await foreach (var _ in client.EventsAsync(cancel.Token))
            {
            }
        });
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
    }

    [Fact]
    public async Task GetLogsAsync_AndFollowLogsAsync_ShowTheServerOutput()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("local/m:1");

        var lines = await client.GetLogsAsync("local/m:1", tail: 500);
        var first = await client.FollowLogsAsync("local/m:1", tail: 1).FirstAsync();

        Assert.Contains(lines, l => l.Text.Contains("main: model loaded", StringComparison.Ordinal));
        Assert.Equal(lines[^1].Sequence, first.Sequence);
        Assert.True((await client.GetLogsAsync("local/m:1", tail: 2)).Count <= 2);
    }
}
