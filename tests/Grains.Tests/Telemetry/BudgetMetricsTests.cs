using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.Grains.Telemetry;
using Orchestrator.TestSupport;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Telemetry;

/// <summary>The budget's figures: memory in use against the budget, the start queue's length, and each wait for room.</summary>
[Collection(GrainCluster.Collection)]
public sealed class BudgetMetricsTests(GrainCluster cluster)
{
    private const long Mb = 1024 * 1024;
    private static readonly FakeScenario Talkative = new() { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 5 };

    [Fact]
    public async Task QueuedStart_MemoryInUseQueueLengthAndTheWaitAreRecorded()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100),
            ("a", Talkative, Needs(100)),
            ("b", new FakeScenario { LoadMs = 0 }, Needs(100)));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello)); // a is busy: b must wait

        var startB = bed.Grain("b").StartAsync();
        await bed.WaitForAsync("b", s => s.Status == ModelStatus.Queued);
        Assert.Equal(100 * Mb, Gauge(telemetry, "orchestrator.memory.in_use"));
        Assert.Equal(100 * Mb, Gauge(telemetry, "orchestrator.memory.budget"));
        Assert.Equal(1, Gauge(telemetry, "orchestrator.start_queue.length"));
        Assert.Empty(telemetry.Points("orchestrator.model.queue_wait", bed.Id("b")));

        await chat.DisposeAsync(); // a turns idle, is evicted, and b gets its room
        await startB;

        var waited = telemetry.Single("orchestrator.model.queue_wait", bed.Id("b"), (OrchestratorMetrics.QueueOutcomeTag, "granted"));
        Assert.Equal(1, waited.Count);
        Assert.True(waited.Value > 0, $"b waited in the queue; recorded {waited.Value} s");
        Assert.Equal(1, telemetry.Single("orchestrator.model.queue_wait", bed.Id("a"), (OrchestratorMetrics.QueueOutcomeTag, "granted")).Count);
        Assert.Equal(0, Gauge(telemetry, "orchestrator.start_queue.length"));
        Assert.Equal(100 * Mb, Gauge(telemetry, "orchestrator.memory.in_use")); // a's room went to b
        Assert.Equal(0, telemetry.Single("orchestrator.models.running", bed.Id("a")).Value);
        Assert.Equal(1, telemetry.Single("orchestrator.models.running", bed.Id("b")).Value);
    }

    [Fact]
    public async Task QueueTimeout_IsAWaitThatTimedOut_AndACrashForWantOfRoom()
    {
        using var telemetry = new TelemetryCapture();
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(100, queueTimeout: TimeSpan.FromMilliseconds(300)),
            ("a", Talkative, Needs(100)),
            ("b", new FakeScenario { LoadMs = 0 }, Needs(100)));
        await bed.Grain("a").StartAsync();
        var chat = await FirstTokenAsync(await bed.ChatAsync("a", Hello));

        await Assert.ThrowsAsync<StartFailedException>(() => bed.Grain("b").StartAsync());

        var waited = telemetry.Single("orchestrator.model.queue_wait", bed.Id("b"), (OrchestratorMetrics.QueueOutcomeTag, "timed_out"));
        Assert.True(waited.Value >= 0.3, $"the queue timeout is 0.3 s; recorded {waited.Value} s");
        Assert.Equal(1, telemetry.Single("orchestrator.model.crashes", bed.Id("b"), (OrchestratorMetrics.ReasonTag, CrashKinds.NoRoom)).Value);
        Assert.Equal(0, Gauge(telemetry, "orchestrator.start_queue.length"));
        await chat.DisposeAsync();
    }

    /// <summary>
    /// A silo-wide gauge: every silo of the process records into the same instrument name; the tests of this collection
    /// run one at a time, so the last value is this test's silo's.
    /// </summary>
    private static double Gauge(TelemetryCapture telemetry, string metric) => Assert.Single(telemetry.Points(metric, null)).Value;
}
