using System.Collections.Concurrent;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using Xunit.Abstractions;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Policies;

/// <summary>
/// Random chats and starts across five models under a budget that fits two, with every policy in play (autostart, ttl, a
/// group). Checked all along: the models with a process never need more than the budget (from the event stream and from
/// /proc); no chat is cut by a policy; after each round nothing is left queued while room could be made.
/// </summary>
[Collection(GrainCluster.Collection)]
public sealed class BudgetHammerTests(GrainCluster cluster, ITestOutputHelper output)
{
    private const int Budget = 200;
    private const int PerModel = 100;
    private const int Rounds = 8;
    private const int OperationsPerRound = 60;

    [Fact]
    public async Task RandomChatsAndStarts_FiveModelsInABudgetForTwo_NeverOverBudget_NoChatCut_NothingStuck()
    {
        var scenario = new FakeScenario { LoadMs = 10, TokenCount = 12, TokenDelayMs = 3 };
        var plain = Needs(PerModel);
        var group = plain with { Group = "pair" };
        var models = new (string Id, FakeScenario Scenario, ModelPolicy Policy)[]
        {
            ("m0", scenario, plain with { Autostart = true }),
            ("m1", scenario, plain with { Autostart = true, Ttl = TimeSpan.FromMilliseconds(300) }),
            ("m2", scenario, group),
            ("m3", scenario, group with { Autostart = true }),
            ("m4", scenario, plain),
        };
        await using var bed = await GrainTestBed.CreateWithPoliciesAsync(cluster, BudgetOf(Budget), models);
        var ids = models.Select(m => m.Id).ToArray();
        var tally = new ConcurrentDictionary<string, int>();
        await using var inbox = await bed.SubscribeEventsAsync();
        using var stop = new CancellationTokenSource();
        var watch = WatchEventsAsync(bed, inbox, stop.Token);
        var sampling = SampleProcessesAsync(bed, stop.Token);
        var random = new Random(20261203);

        for (var round = 0; round < Rounds; round++)
        {
            var operations = Enumerable.Range(0, OperationsPerRound).Select(_ => (Model: ids[random.Next(ids.Length)], Dice: random.Next(100))).ToList();
            await Task.WhenAll(operations.Select(op => Task.Run(() => RunAsync(bed, op.Model, op.Dice, models.Single(m => m.Id == op.Model).Policy, tally))));

            // Every chat has ended: whatever still waits must get room (an idle model can always be evicted).
            var states = new List<ModelState>();
            foreach (var id in ids)
            {
                states.Add(await bed.WaitForAsync(id, s => s.Status is ModelStatus.Running or ModelStatus.Stopped or ModelStatus.Crashed));
            }

            var budget = await bed.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key).GetBudgetAsync();
            Assert.Empty(budget.Queue);
            Assert.DoesNotContain(states, s => s.Status == ModelStatus.Crashed);
            var running = states.Count(s => s.Status == ModelStatus.Running);
            Assert.True(running * PerModel <= Budget, $"round {round}: {running} running");
            Assert.Equal(running * PerModel, budget.MemoryInUseMb);
            Assert.Equal(running, bed.LiveChildren().Count);
        }

        await stop.CancelAsync();
        var (maxEventMemory, evictions, queued, idleStops, waits, over) = await watch;
        var maxProcesses = await sampling;
        waits.Sort();
        output.WriteLine($"operations {Rounds * OperationsPerRound}: {string.Join(", ", tally.OrderBy(t => t.Key).Select(t => $"{t.Key} {t.Value}"))}");
        output.WriteLine($"evictions {evictions}, queued starts {queued} (wait median {Median(waits):F0} ms, max {(waits.Count > 0 ? waits[^1] : 0):F0} ms), idle stops {idleStops}");
        output.WriteLine($"max memory in use by models with a process: {maxEventMemory} MB of {Budget} MB (events); max live processes {maxProcesses} ({maxProcesses * PerModel} MB, /proc)");
        Assert.True(maxEventMemory <= Budget, $"the events showed more models with a process than the budget holds:\n{over}");
        Assert.True(maxProcesses * PerModel <= Budget);
        Assert.True(evictions > 0 && queued > 0, "the hammer never made the budget decide"); // the test exercised what it checks
        Assert.False(tally.ContainsKey("chat cut"), "a policy cut a chat");
    }

    private static async Task RunAsync(GrainTestBed bed, string model, int dice, ModelPolicy policy, ConcurrentDictionary<string, int> tally)
    {
        if (dice < 35)
        {
            await bed.Grain(model).StartAsync();
            tally.AddOrUpdate("start", 1, (_, n) => n + 1);
            return;
        }

        if (dice < 45)
        {
            await bed.Grain(model).GetStateAsync();
            tally.AddOrUpdate("status", 1, (_, n) => n + 1);
            return;
        }

        try
        {
            var events = await ReadAllAsync(await bed.ChatAsync(model, Hello));
            var outcome = events[^1] switch
            {
                ChatDone => "chat done",
                ChatError e when e.Type is ErrorTypes.ModelStopped or ErrorTypes.ModelCrashed => "chat cut",
                ChatError e => $"chat error {e.Type}",
                _ => "chat without end",
            };
            tally.AddOrUpdate(outcome, 1, (_, n) => n + 1);
        }
        catch (ModelNotRunningException) when (!policy.Autostart)
        {
            tally.AddOrUpdate("chat refused (not running)", 1, (_, n) => n + 1);
        }
    }

    /// <summary>
    /// Every state change of the test's models, then replayed in the order the grains made them (their <c>since</c>, one
    /// clock): the events stream keeps each model's changes in order, but two models' changes made a millisecond apart may
    /// arrive the other way round.
    /// </summary>
    private static async Task<(int MaxMemory, int Evictions, int Queued, int IdleStops, List<double> Waits, string? Over)> WatchEventsAsync(
        GrainTestBed bed, StreamInbox<ModelStateChanged> inbox, CancellationToken cancellationToken)
    {
        var changes = new List<ModelStateChanged>();
        try
        {
            await foreach (var change in bed.Mine(inbox, cancellationToken))
            {
                changes.Add(change);
            }
        }
        catch (OperationCanceledException)
        {
        }

        var ordered = changes.OrderBy(c => c.State.Since).ToList();
        var holding = new HashSet<string>();
        var queuedAt = new Dictionary<string, DateTimeOffset>();
        var waits = new List<double>();
        var (max, evictions, queued, idleStops, overAt) = (0, 0, 0, 0, -1);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (id, previous, state) = (ordered[i].State.Id.Value, ordered[i].Previous, ordered[i].State);
            if (state.Status is ModelStatus.Starting or ModelStatus.Running or ModelStatus.Stopping)
            {
                holding.Add(id);
            }
            else
            {
                holding.Remove(id);
            }

            max = Math.Max(max, holding.Count * PerModel);
            overAt = overAt < 0 && holding.Count * PerModel > Budget ? i : overAt;
            evictions += state is { Status: ModelStatus.Stopping, Decision: Decisions.Evicted } ? 1 : 0;
            idleStops += state is { Status: ModelStatus.Stopping, Decision: Decisions.IdleStopped } ? 1 : 0;
            if (state.Status == ModelStatus.Queued && previous != ModelStatus.Queued)
            {
                queued++;
                queuedAt[id] = state.Since;
            }

            if (previous == ModelStatus.Queued && state.Status != ModelStatus.Queued && queuedAt.Remove(id, out var since))
            {
                waits.Add((state.Since - since).TotalMilliseconds);
            }
        }

        var over = overAt < 0 ? null : string.Join('\n', ordered.Skip(Math.Max(0, overAt - 12)).Take(20)
            .Select(c => $"{c.State.Since:HH:mm:ss.ffffff} {c.State.Id} {c.Previous} -> {c.State.Status} {c.State.Decision}"));
        return (max, evictions, queued, idleStops, waits, over);
    }

    private static async Task<int> SampleProcessesAsync(GrainTestBed bed, CancellationToken cancellationToken)
    {
        var max = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                max = Math.Max(max, bed.LiveChildren().Count);
            }
        }
        catch (OperationCanceledException)
        {
        }

        return max;
    }

    private static double Median(List<double> sorted) => sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
}
