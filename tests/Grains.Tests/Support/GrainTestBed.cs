using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Models;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>
/// A grain directory over FakeLlamaServer models in a fresh temporary folder. Every fake it starts carries that folder
/// in its command line, so disposing proves that no process the test started is left.
/// </summary>
internal sealed class GrainTestBed : IAsyncDisposable
{
    private GrainTestBed(string folder, ModelGrainOptions options, IReadOnlyList<ModelDefinition> models)
    {
        Folder = folder;
        Options = options;
        Directory = new ModelDirectory(models, options, TimeProvider.System, NullLoggerFactory.Instance);
    }

    public string Folder { get; }

    public ModelGrainOptions Options { get; }

    public ModelDirectory Directory { get; }

    public static GrainTestBed Create(Action<ModelGrainOptions>? configure, params (string Id, FakeScenario Scenario, int? Port)[] models)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("orch-grains-").FullName;
        var options = new ModelGrainOptions
        {
            LlamaServerPath = FakeServer.ExecutablePath,
            ChildJournalDirectory = Path.Combine(folder, "children"),
            StopTimeout = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        var definitions = models.Select((m, i) => Define(folder, m.Id, m.Scenario.WriteToFile(folder, $"model-{i}.json"), m.Port)).ToList();
        return new GrainTestBed(folder, options, definitions);
    }

    public static GrainTestBed Create(params (string Id, FakeScenario Scenario)[] models) =>
        Create(null, models.Select(m => (m.Id, m.Scenario, (int?)null)).ToArray());

    public static ModelDefinition Define(string folder, string id, string modelFile, int? port = null) =>
        new(new ModelId(id), "test", "test", id, "1", Path.Combine(folder, "manifest"), modelFile, [], port,
            new Dictionary<string, string>(), new Dictionary<string, System.Text.Json.JsonElement>());

    public IModelGrain Grain(string id) => Directory.GetGrain(new ModelId(id));

    /// <summary>Live processes started for this test bed.</summary>
    public IReadOnlyList<int> LiveChildren() => LiveProcesses.WithArgumentContaining(Folder);

    /// <summary>Waits (on events, not sleeps) until the model's state satisfies <paramref name="condition"/>.</summary>
    public async Task<ModelState> WaitForAsync(string id, Func<ModelState, bool> condition, TimeSpan? deadline = null)
    {
        using var cts = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(30));
        var events = Directory.SubscribeAsync(cts.Token).GetAsyncEnumerator(cts.Token);
        var next = events.MoveNextAsync(); // subscribes now, before the current state is read
        try
        {
            var state = await Grain(id).GetStateAsync(cts.Token);
            while (!condition(state))
            {
                if (!await next)
                {
                    throw new TimeoutException($"{id} never reached the expected state; last {state}");
                }

                if (events.Current.State.Id.Value == id)
                {
                    state = events.Current.State;
                }

                next = events.MoveNextAsync();
            }

            return state;
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{id} did not reach the expected state in time; it is {await Grain(id).GetStateAsync()}");
        }
        finally
        {
            // An async iterator cannot be disposed while a MoveNextAsync is pending: cancel it and let it finish first.
            await cts.CancelAsync();
            try
            {
                await next;
            }
            catch (OperationCanceledException)
            {
            }

            await events.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Directory.DisposeAsync();
        var gone = await LiveProcesses.EventuallyAsync(() => LiveChildren().Count == 0, TimeSpan.FromSeconds(10));
        var left = LiveChildren();
        foreach (var pid in left)
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }

        try
        {
            System.IO.Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        Assert.True(gone, $"processes left behind by the test: {string.Join(", ", left)}");
    }
}
