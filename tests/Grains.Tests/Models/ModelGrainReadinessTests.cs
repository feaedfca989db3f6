using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using Xunit.Abstractions;

namespace Orchestrator.Grains.Tests.Models;

[Collection(GrainCluster.Collection)]
public sealed class ModelGrainReadinessTests(GrainCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task Running_IsSetFromTheReadyEventItself_AfterTheServerWasReady()
    {
        var events = Path.Combine(Path.GetTempPath(), $"fake-events-{Guid.NewGuid():N}.jsonl");
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario { LoadMs = 300, EventsFile = events }));

        for (var round = 1; round <= 3; round++)
        {
            var running = await bed.Grain("m").StartAsync();
            var ready = (await FakeEventLog.WaitForAsync(events, FakeEvent.Ready, TimeSpan.FromSeconds(10), round)).Last(e => e.Name == FakeEvent.Ready);

            // Causality, not a timing threshold: Running is reported after (never before) the server says it is ready.
            Assert.True(running.Since >= ready.At, $"Running at {running.Since:O} before the server was ready at {ready.At:O}");
            var readyLine = (await bed.Grain("m").GetLogsAsync(1000)).Last(l => l.Text.Contains("server is listening", StringComparison.Ordinal));
            output.WriteLine($"round {round}: readiness lag {(running.Since - ready.At).TotalMilliseconds:F3} ms (ready line read after {(readyLine.Timestamp - ready.At).TotalMilliseconds:F3} ms)");
            await bed.Grain("m").StopAsync();
        }

        File.Delete(events);
    }
}
