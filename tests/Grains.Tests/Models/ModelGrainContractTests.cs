using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Models;

/// <summary>The grain contract as an Orleans client sees it: ids, errors as their own types, the catalog.</summary>
[Collection(GrainCluster.Collection)]
public sealed class ModelGrainContractTests(GrainCluster cluster)
{
    private static readonly ChatRequest Hello = new([new ChatMessage("user", "Hello")]);

    [Fact]
    public async Task UnknownId_EveryCallAnswersModelNotFound_AndNoActivationLingers()
    {
        var id = $"nowhere/{Guid.NewGuid():N}:q0";
        var grain = cluster.Client.GetGrain<IModelGrain>(id);

        var error = await Assert.ThrowsAsync<ModelNotFoundException>(() => grain.GetStateAsync());
        await Assert.ThrowsAsync<ModelNotFoundException>(() => grain.StartAsync());
        await Assert.ThrowsAsync<ModelNotFoundException>(() => grain.StopAsync());
        await Assert.ThrowsAsync<ModelNotFoundException>(() => grain.GetLogsAsync(10));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => grain.OpenChatAsync(Guid.NewGuid(), Hello));

        Assert.Equal(id, error.ModelId);
        Assert.Equal(ErrorTypes.ModelNotFound, error.ErrorType);
        var management = cluster.Client.GetGrain<IManagementGrain>(0);
        var gone = await LiveProcesses.EventuallyAsync(
            () => !management.GetDetailedGrainStatistics().GetAwaiter().GetResult().Any(s => s.GrainId.ToString().Contains(id, StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10));
        Assert.True(gone, "the activation of an unknown id lingered");
    }

    [Fact]
    public async Task Chat_ModelNotRunning_ArrivesAsItsOwnTypeWithTheStatus()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("m", new FakeScenario()));

        var error = await Assert.ThrowsAsync<ModelNotRunningException>(() => bed.ChatAsync("m", Hello));

        Assert.Equal(ModelStatus.Stopped, error.Status);
        Assert.Equal(bed.Id("m"), error.ModelId);
    }

    [Fact]
    public async Task Catalog_ListsEveryModelWithItsState_AndGetRefusesAnUnknownId()
    {
        await using var bed = await GrainTestBed.CreateAsync(cluster, ("a", new FakeScenario { LoadMs = 0 }), ("b", new FakeScenario()));
        await bed.Grain("a").StartAsync();
        var catalog = cluster.Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);

        var views = await catalog.ListAsync();
        var a = await catalog.GetAsync(bed.Id("a"));

        Assert.Equal(ModelStatus.Running, views.Single(v => v.Id == bed.Id("a")).Status);
        Assert.Equal(ModelStatus.Stopped, views.Single(v => v.Id == bed.Id("b")).Status);
        Assert.Equal(ModelStatus.Running, a.Status);
        Assert.NotNull(a.Pid);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => catalog.GetAsync("no such model"));
    }
}
