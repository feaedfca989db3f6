using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

[Collection(GrainCluster.Collection)]
public sealed class ModelGrainWatchdogTests(GrainCluster cluster)
{
    private static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);

    private static void FastWatchdog(ModelGrainOptions o)
    {
        o.HealthProbeInterval = TimeSpan.FromMilliseconds(100);
        o.HealthProbeTimeout = TimeSpan.FromMilliseconds(300);
        o.MaxMissedHealthProbes = 3;
        o.GenerationStallTimeout = TimeSpan.FromSeconds(1);
    }

    [Fact]
    public async Task AnswerStopsMidWay_WhileHealthAnswers_ModelIsCrashedUnresponsiveAndKilled()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, FastWatchdog,
            ("hang", new FakeScenario { LoadMs = 0, TokenCount = 100, HangAfterTokens = 3 }, null),
            ("other", new FakeScenario { LoadMs = 0 }, null));
        var hung = await bed.Grain("hang").StartAsync();
        await bed.Grain("other").StartAsync();

        var events = await CollectAsync(await bed.ChatAsync("hang", Hello));
        var crashed = await bed.WaitForAsync("hang", s => s.Status == ModelStatus.Crashed);

        Assert.Equal(3, events.OfType<ChatDelta>().Count());
        var error = Assert.IsType<ChatError>(events[^1]);
        Assert.Equal("model-crashed", error.Type);
        Assert.StartsWith("unresponsive: an answer stopped mid-way", crashed.Reason, StringComparison.Ordinal);
        Assert.False(ProcessAssert.IsAlive(hung.Pid!.Value));
        await AssertUntouchedAsync(bed, "other");
    }

    [Fact]
    public async Task ServerFreezes_HealthStopsAnswering_ModelIsCrashedUnresponsiveAndKilled()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, 
            o =>
            {
                FastWatchdog(o);
                o.GenerationStallTimeout = TimeSpan.FromMinutes(10); // only the health probes may catch it
            },
            ("frozen", new FakeScenario { LoadMs = 0, TokenCount = 100, FreezeAfterTokens = 2 }, null),
            ("other", new FakeScenario { LoadMs = 0 }, null));
        var frozen = await bed.Grain("frozen").StartAsync();
        await bed.Grain("other").StartAsync();

        var events = await CollectAsync(await bed.ChatAsync("frozen", Hello));
        var crashed = await bed.WaitForAsync("frozen", s => s.Status == ModelStatus.Crashed);

        Assert.Equal("model-crashed", Assert.IsType<ChatError>(events[^1]).Type);
        Assert.Contains("unresponsive: /health did not answer 3 probes in a row", crashed.Reason, StringComparison.Ordinal);
        Assert.False(ProcessAssert.IsAlive(frozen.Pid!.Value));
        await AssertUntouchedAsync(bed, "other");
    }

    [Fact]
    public async Task SlowPromptProcessing_WhileHealthAnswers_IsNeverKilled()
    {
        // The prompt takes three stall timeouts before the first token: healthy, just slow.
        await using var bed = await GrainTestBed.CreateAsync(cluster, FastWatchdog, ("slow", new FakeScenario { LoadMs = 0, PromptDelayMs = 3000, TokenCount = 5 }, null));
        var running = await bed.Grain("slow").StartAsync();

        var events = await CollectAsync(await bed.ChatAsync("slow", Hello));

        Assert.IsType<ChatDone>(events[^1]);
        var state = await bed.Grain("slow").GetStateAsync();
        Assert.Equal(ModelStatus.Running, state.Status);
        Assert.Equal(running.Pid, state.Pid);
    }

    [Fact]
    public async Task SlowButSteadyTokens_AreNeverKilled()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, FastWatchdog, ("steady", new FakeScenario { LoadMs = 0, TokenCount = 8, TokenDelayMs = 400 }, null));
        await bed.Grain("steady").StartAsync();

        var events = await CollectAsync(await bed.ChatAsync("steady", Hello));

        Assert.IsType<ChatDone>(events[^1]);
        Assert.Equal(ModelStatus.Running, (await bed.Grain("steady").GetStateAsync()).Status);
    }

    private static async Task<List<ChatEvent>> CollectAsync(IAsyncEnumerable<ChatEvent> stream)
    {
        var events = new List<ChatEvent>();
        await foreach (var chatEvent in stream)
        {
            events.Add(chatEvent);
        }

        return events;
    }

    private static async Task AssertUntouchedAsync(GrainTestBed bed, string id)
    {
        var state = await bed.Grain(id).GetStateAsync();
        Assert.Equal(ModelStatus.Running, state.Status);
        var events = await CollectAsync(await bed.ChatAsync(id, Hello));
        Assert.IsType<ChatDone>(events[^1]);
    }
}
