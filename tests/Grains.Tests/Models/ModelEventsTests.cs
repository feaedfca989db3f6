using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

/// <summary>The state-change stream: one stream for every model, joined by subscribers at any moment.</summary>
[Collection(GrainCluster.Collection)]
public sealed class ModelEventsTests(GrainCluster cluster)
{
    [Fact]
    public async Task SubscribeThenAsk_OnABusyStream_EveryTransitionArrivesInOrder()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("watched", new FakeScenario { LoadMs = 0 }), ("noise", new FakeScenario { LoadMs = 0 }));
        using var stop = new CancellationTokenSource();
        var noise = Task.Run(async () =>
        {
            // Another model changing state all along, so the stream is active when each subscriber joins.
            while (!stop.IsCancellationRequested)
            {
                await bed.Grain("noise").StartAsync();
                await bed.Grain("noise").StopAsync();
            }
        });

        for (var round = 0; round < 15; round++)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var inbox = await bed.SubscribeEventsAsync();
            await bed.Grain("watched").StartAsync();
            await bed.Grain("watched").StopAsync();

            var seen = new List<ModelStatus>();
            await foreach (var change in bed.Mine(inbox, deadline.Token))
            {
                if (change.State.Id.Value == bed.Id("watched") && change.Previous != change.State.Status)
                {
                    seen.Add(change.State.Status);
                }

                if (seen.Count == 4)
                {
                    break;
                }
            }

            Assert.Equal([ModelStatus.Starting, ModelStatus.Running, ModelStatus.Stopping, ModelStatus.Stopped], seen);
        }

        await stop.CancelAsync();
        await noise;
    }
}
