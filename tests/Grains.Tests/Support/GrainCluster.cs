using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Streaming;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>
/// One in-process Orleans silo (Orleans.TestingHost) running the real grains, shared by the tests of a collection. Tests add
/// their models under fresh ids (<see cref="TestModels"/>), so they never see each other's grains.
/// </summary>
public sealed class GrainCluster : IAsyncLifetime
{
    public const string Collection = "grain cluster";

    private InProcessTestCluster? _cluster;

    public TestModels Models { get; } = new();

    /// <summary>The settings every model of the shared silo runs with (short stop timeout: tests wait on it).</summary>
    public static ModelGrainOptions DefaultOptions(string folder) => new()
    {
        LlamaServerPath = TestSupport.FakeServer.ExecutablePath,
        ChildJournalDirectory = Path.Combine(folder, "children"),
        StopTimeout = TimeSpan.FromSeconds(2),
    };

    public IClusterClient Client => _cluster?.Client ?? throw new InvalidOperationException("The cluster is not started.");

    public string Folder { get; } = Directory.CreateTempSubdirectory("orch-cluster-").FullName;

    /// <summary>
    /// Starts a one-silo cluster over <paramref name="models"/> with <paramref name="options"/>; with
    /// <paramref name="responseTimeout"/>, Orleans' default response timeout (30 s) is that instead, on both sides.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(IModelDefinitions models, ModelGrainOptions options, TimeSpan? responseTimeout = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddOrchestratorGrains(models, options);
            if (responseTimeout is { } timeout)
            {
                silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = timeout);
            }
        });
        builder.ConfigureClient(client =>
        {
            client.AddOrchestratorStreams();
            if (responseTimeout is { } timeout)
            {
                client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = timeout);
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    public async Task InitializeAsync() => _cluster = await StartAsync(Models, DefaultOptions(Folder));

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(GrainCluster.Collection)]
public sealed class GrainClusterDefinition : ICollectionFixture<GrainCluster>;
