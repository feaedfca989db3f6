using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Orchestrator.Grains.Tests.Cluster;

/// <summary>
/// Three silos in one TestingHost cluster standing for three machines: each has its own models.json (a registry of its
/// own), its own budget and settings. The client has a gateway on each. Membership is tuned as cluster mode tunes it, so a
/// killed node is declared dead in seconds.
/// </summary>
internal sealed class ThreeNodes : IAsyncDisposable
{
    public static readonly string[] Names = ["Silo_0", "Silo_1", "Silo_2"];

    private static int s_clusters;
    private readonly InProcessTestCluster _cluster;
    private readonly Dictionary<string, TestModels> _registries;

    private ThreeNodes(InProcessTestCluster cluster, Dictionary<string, TestModels> registries, string folder, string prefix)
    {
        _cluster = cluster;
        _registries = registries;
        Folder = folder;
        Prefix = prefix;
    }

    public IClusterClient Client => _cluster.Client;

    public string Folder { get; }

    private string Prefix { get; }

    /// <summary>
    /// Starts the three nodes. <paramref name="models"/>: which node lists which model (a model on several nodes is listed by
    /// each, with the same file); <paramref name="configure"/> sets a node's grain settings (its budget, say).
    /// </summary>
    public static async Task<ThreeNodes> StartAsync(
        IEnumerable<(string Node, string Model, FakeScenario Scenario, ModelPolicy? Policy)> models,
        Action<string, ModelGrainOptions>? configure = null)
    {
        var folder = Directory.CreateTempSubdirectory("orch-three-").FullName;
        var prefix = $"c{Interlocked.Increment(ref s_clusters)}/";
        var registries = Names.ToDictionary(n => n, _ => new TestModels());
        var files = new Dictionary<string, string>();
        foreach (var (node, model, scenario, policy) in models)
        {
            if (!files.TryGetValue(model, out var file))
            {
                file = scenario.WriteToFile(folder, $"{model}.json");
                files[model] = file;
            }

            registries[node].Add(GrainTestBed.Define(folder, prefix + model, file) with { Policy = policy ?? ModelPolicy.None });
        }

        var builder = new InProcessTestClusterBuilder(3);
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            var options = GrainCluster.DefaultOptions(Path.Combine(folder, silo.SiloName));
            configure?.Invoke(silo.SiloName, options);
            siloBuilder.AddOrchestratorGrains(registries[silo.SiloName], options);
            siloBuilder.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        builder.ConfigureClient(client => client.AddOrchestratorStreams());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ThreeNodes(cluster, registries, folder, prefix);
    }

    public string Id(string model) => Prefix + model;

    public IModelGrain Grain(string model) => Client.GetGrain<IModelGrain>(Id(model));

    public IModelCatalogGrain Catalog => Client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);

    public SiloAddress AddressOf(string node) => _cluster.Silos.Single(s => s.Name == node).SiloAddress;

    public Task<BudgetView> BudgetOfAsync(string node) => Client.GetGrain<IModelBudgetGrain>(INodeGrain.KeyOf(AddressOf(node))).GetAsync();

    /// <summary>This cluster's models in the catalog (by the test's short names).</summary>
    public async Task<Dictionary<string, ModelView>> ListAsync() =>
        (await Catalog.ListAsync()).Where(v => v.Id.StartsWith(Prefix, StringComparison.Ordinal)).ToDictionary(v => v.Id[Prefix.Length..]);

    /// <summary>Kills a node as a crash would: no shutdown, no deactivation (its servers are this process's children, so the test kills them at the end).</summary>
    public Task KillAsync(string node) => _cluster.KillSiloAsync(_cluster.Silos.Single(s => s.Name == node));

    public Task<ModelChat> ChatAsync(string model, Interfaces.Chat.ChatRequest request, CancellationToken cancellationToken = default) =>
        ModelChats.OpenAsync(Client, Id(model), request, cancellationToken);

    public IReadOnlyList<int> LiveChildren() => LiveProcesses.WithArgumentContaining(Folder);

    public async ValueTask DisposeAsync()
    {
        foreach (var model in _registries.Values.SelectMany(r => r.Models).Select(m => m.Id.Value).Distinct())
        {
            try
            {
                await Client.GetGrain<IModelGrain>(model).StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is TimeoutException or OrleansException or Interfaces.Errors.OrchestratorException)
            {
                // On a killed node: its processes are killed below.
            }
        }

        await _cluster.DisposeAsync();
        foreach (var pid in LiveChildren())
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
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
