using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Streaming;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using Orleans.TestingHost;
using static Orchestrator.Grains.Tests.Policies.PolicyTestKit;

namespace Orchestrator.Grains.Tests.Telemetry;

/// <summary>With Orleans' activity propagation on (as the silo turns it on with OTLP), the model's activities are children of the grain calls.</summary>
[Collection(GrainCluster.Collection)]
public sealed class TraceLinkTests
{
    private const string OrleansApplicationSource = Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName;

    [Fact]
    public async Task ChatAndStartActivities_AreChildrenOfTheGrainCallsThatBeganThem()
    {
        using var telemetry = new TelemetryCapture(OrleansApplicationSource);
        var folder = Directory.CreateTempSubdirectory("orch-trace-").FullName;
        var models = new TestModels();
        const string Id = "trace/m";
        models.Add(GrainTestBed.Define(folder, Id, new FakeScenario { LoadMs = 0, TokenCount = 3 }.WriteToFile(folder, "m.json")));
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrchestratorGrains(models, GrainCluster.DefaultOptions(folder));
            silo.AddActivityPropagation();
        });
        builder.ConfigureClient(client =>
        {
            client.AddOrchestratorStreams();
            client.AddActivityPropagation();
        });
        await using (var cluster = builder.Build())
        {
            await cluster.DeployAsync();
            var grain = cluster.Client.GetGrain<IModelGrain>(Id);
            await grain.StartAsync();
            Assert.IsType<ChatDone>((await ReadAllAsync(await ModelChats.OpenAsync(cluster.Client, Id, Hello)))[^1]);
            await grain.StopAsync();
        }

        var all = telemetry.AllActivities();
        var chat = Assert.Single(telemetry.Activities("chat", Id));
        var openedBy = Assert.Single(all, a => a.SpanId == chat.ParentSpanId);
        Assert.Equal(OrleansApplicationSource, openedBy.Source.Name);
        Assert.Contains("OpenChat", openedBy.DisplayName, StringComparison.Ordinal);
        var start = Assert.Single(telemetry.Activities("start", Id));
        Assert.Contains("Start", Assert.Single(all, a => a.SpanId == start.ParentSpanId).DisplayName, StringComparison.Ordinal);
        Assert.Equal(chat.TraceId, openedBy.TraceId);
        Directory.Delete(folder, recursive: true);
    }
}
