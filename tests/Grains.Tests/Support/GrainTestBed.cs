using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Models;
using Orchestrator.TestSupport;
using Orleans.TestingHost;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>
/// FakeLlamaServer models for one test, in a fresh temporary folder, on the collection's shared silo (or, for a test that
/// needs other grain settings, a silo of its own: the settings are silo-wide). Test ids are short names; each maps to a
/// fresh grain id. Every fake carries the folder in its command line, so disposing proves that no process is left.
/// </summary>
internal sealed class GrainTestBed : IAsyncDisposable
{
    private static int s_beds;
    private readonly string _prefix = $"t{Interlocked.Increment(ref s_beds)}/";
    private readonly List<string> _ids = [];
    private readonly InProcessTestCluster? _ownCluster;

    private GrainTestBed(string folder, IClusterClient client, InProcessTestCluster? ownCluster)
    {
        Folder = folder;
        Client = client;
        _ownCluster = ownCluster;
    }

    public string Folder { get; }

    public IClusterClient Client { get; }

    /// <summary>Models on <paramref name="shared"/>'s silo, or, with <paramref name="configure"/>, on a silo of their own.</summary>
    public static Task<GrainTestBed> CreateAsync(GrainCluster shared, Action<ModelGrainOptions>? configure, params (string Id, FakeScenario Scenario, int? Port)[] models) =>
        CreateAsync(shared, configure, null, models);

    /// <summary>As above; a <paramref name="responseTimeout"/> also gives the test a silo of its own, with that timeout.</summary>
    public static async Task<GrainTestBed> CreateAsync(GrainCluster shared, Action<ModelGrainOptions>? configure, TimeSpan? responseTimeout, params (string Id, FakeScenario Scenario, int? Port)[] models)
    {
        var folder = Directory.CreateTempSubdirectory("orch-grains-").FullName;
        TestModels registry;
        GrainTestBed bed;
        if (configure is null && responseTimeout is null)
        {
            registry = shared.Models;
            bed = new GrainTestBed(folder, shared.Client, null) { Registry = registry };
        }
        else
        {
            var options = GrainCluster.DefaultOptions(folder);
            configure?.Invoke(options);
            registry = new TestModels();
            var cluster = await GrainCluster.StartAsync(registry, options, responseTimeout);
            bed = new GrainTestBed(folder, cluster.Client, cluster) { Registry = registry };
        }

        foreach (var (model, i) in models.Select((m, i) => (m, i)))
        {
            registry.Add(Define(folder, bed.Id(model.Id), model.Scenario.WriteToFile(folder, $"model-{i}.json"), model.Port));
            bed._ids.Add(model.Id);
        }

        return bed;
    }

    public static Task<GrainTestBed> CreateAsync(GrainCluster shared, params (string Id, FakeScenario Scenario)[] models) =>
        CreateAsync(shared, null, models.Select(m => (m.Id, m.Scenario, (int?)null)).ToArray());

    /// <summary>Models with lifecycle policies, on a silo of their own when <paramref name="configure"/> sets the budget.</summary>
    public static async Task<GrainTestBed> CreateWithPoliciesAsync(GrainCluster shared, Action<ModelGrainOptions>? configure, params (string Id, FakeScenario Scenario, ModelPolicy Policy)[] models)
    {
        var bed = await CreateAsync(shared, configure, (TimeSpan?)null, []);
        foreach (var (model, i) in models.Select((m, i) => (m, i)))
        {
            bed.Registry.Add(Define(bed.Folder, bed.Id(model.Id), model.Scenario.WriteToFile(bed.Folder, $"model-{i}.json")) with { Policy = model.Policy });
            bed._ids.Add(model.Id);
        }

        return bed;
    }

    /// <summary>The registry the bed's models are in.</summary>
    private TestModels Registry { get; init; } = null!;

    public static ModelDefinition Define(string folder, string id, string modelFile, int? port = null) =>
        new(new ModelId(id), "test", "test", id, "1", Path.Combine(folder, "manifest"), modelFile, [], port,
            new Dictionary<string, string>(), new Dictionary<string, System.Text.Json.JsonElement>());

    /// <summary>The grain id of the test's model <paramref name="name"/>.</summary>
    public string Id(string name) => _prefix + name;

    public IModelGrain Grain(string name) => Client.GetGrain<IModelGrain>(Id(name));

    /// <summary>The model file of <paramref name="name"/> (the fake's scenario).</summary>
    public string ModelFile(string name) => Path.Combine(Folder, $"model-{_ids.IndexOf(name)}.json");

    /// <summary>Opens a chat as every client does: subscribe to its stream, then ask the grain.</summary>
    public Task<ModelChat> ChatAsync(string name, ChatRequest request, CancellationToken cancellationToken = default) =>
        ModelChats.OpenAsync(Client, Id(name), request, cancellationToken);

    /// <summary>Subscribes to every state change; read them with <see cref="Mine"/>.</summary>
    public Task<StreamInbox<ModelStateChanged>> SubscribeEventsAsync() =>
        StreamInbox.SubscribeAsync<ModelStateChanged>(Client, OrchestratorStreams.Events);

    /// <summary>The events of this test's models (the shared silo carries other tests' events too).</summary>
    public IAsyncEnumerable<ModelStateChanged> Mine(StreamInbox<ModelStateChanged> inbox, CancellationToken cancellationToken) =>
        inbox.ReadAllAsync(cancellationToken).Where(e => e.State.Id.Value.StartsWith(_prefix, StringComparison.Ordinal));

    /// <summary>Live processes started for this test bed.</summary>
    public IReadOnlyList<int> LiveChildren() => LiveProcesses.WithArgumentContaining(Folder);

    /// <summary>Waits (on events, not sleeps) until the model's state satisfies <paramref name="condition"/>.</summary>
    public async Task<ModelState> WaitForAsync(string name, Func<ModelState, bool> condition, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(30));
        var id = Id(name);
        await using var inbox = await SubscribeEventsAsync(); // subscribed before the current state is read
        try
        {
            var state = await Grain(name).GetStateAsync(cts.Token);
            await using var events = inbox.ReadAllAsync(cts.Token).GetAsyncEnumerator(cts.Token);
            while (!condition(state))
            {
                if (!await events.MoveNextAsync())
                {
                    throw new TimeoutException($"{id} never reached the expected state; last {state}");
                }

                if (events.Current.State.Id.Value == id)
                {
                    state = events.Current.State;
                }
            }

            return state;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{id} did not reach the expected state in time; it is {await Grain(name).GetStateAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_ids.Select(name => Grain(name).StopAsync()));
        if (_ownCluster is not null)
        {
            await _ownCluster.DisposeAsync();
        }

        var gone = await LiveProcesses.EventuallyAsync(() => LiveChildren().Count == 0, TimeSpan.FromSeconds(10));
        var left = LiveChildren();
        foreach (var pid in left)
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

        Assert.True(gone, $"processes left behind by the test: {string.Join(", ", left)}");
    }
}
