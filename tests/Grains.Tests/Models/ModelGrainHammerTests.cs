using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

[Collection(GrainCluster.Collection)]
public sealed class ModelGrainHammerTests(GrainCluster cluster)
{
    [Fact]
    public async Task RandomStartStopStatus_AcrossThreeModels_StatesAlwaysMatchTheProcesses()
    {
        var ids = new[] { "a/one:1", "b/two@2", "c three.3" };
        await using var bed = await GrainTestBed.CreateAsync(cluster, ids.Select(id => (id, new FakeScenario { LoadMs = 20 })).ToArray());
        var random = new Random(20261121);
        const int Rounds = 6;
        const int OperationsPerRound = 500;

        for (var round = 0; round < Rounds; round++)
        {
            var operations = Enumerable.Range(0, OperationsPerRound).Select(_ =>
            {
                var grain = bed.Grain(ids[random.Next(ids.Length)]);
                var dice = random.Next(100);
                return Task.Run(async () =>
                {
                    try
                    {
                        await (dice switch
                        {
                            < 55 => grain.GetStateAsync(),
                            < 80 => grain.StartAsync(),
                            _ => grain.StopAsync(),
                        });
                    }
                    catch (StartFailedException e) when (e.Reason.StartsWith("stopped while loading", StringComparison.Ordinal)
                        || e.Reason.StartsWith("stopped before it started", StringComparison.Ordinal))
                    {
                        // A stop overtook this start (while loading, or while it asked for room): the documented outcomes.
                    }
                });
            }).ToList();
            await Task.WhenAll(operations);

            await AssertStatesMatchProcessesAsync(bed, ids);
        }
    }

    private static async Task AssertStatesMatchProcessesAsync(GrainTestBed bed, string[] ids)
    {
        // Transitional states settle on events; wait for each model to rest (Running, Stopped or Crashed).
        var states = new List<ModelState>();
        foreach (var id in ids)
        {
            states.Add(await bed.WaitForAsync(id, s => s.Status is ModelStatus.Running or ModelStatus.Stopped or ModelStatus.Crashed));
        }

        var expected = states.Where(s => s.Status == ModelStatus.Running).Select(s => s.Pid!.Value).Order().ToList();
        Assert.All(states.Where(s => s.Status != ModelStatus.Running), s => Assert.Null(s.Pid));
        Assert.DoesNotContain(states, s => s.Status == ModelStatus.Crashed);
        var processesMatch = await LiveProcesses.EventuallyAsync(
            () => bed.LiveChildren().Order().SequenceEqual(expected), TimeSpan.FromSeconds(5));
        Assert.True(processesMatch, $"states say {string.Join(", ", states)} but the live servers are {string.Join(", ", bed.LiveChildren())}");
    }
}
