using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Events;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The grain directory (Orleans' <c>GetGrain</c>): the models of models.json, and one grain per model created on first use.
/// The activation table maps an id to its actor; the actors own all mutable state, the table holds only references.
/// </summary>
public sealed class ModelDirectory : IModelDirectory, IAsyncDisposable
{
    private readonly FrozenDictionary<ModelId, ModelDefinition> _definitions;
    private readonly ConcurrentDictionary<ModelId, Lazy<ModelGrain>> _activations = new();
    private readonly ModelGrainOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ModelEventHub _events = new();

    public ModelDirectory(IReadOnlyList<ModelDefinition> models, ModelGrainOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        Models = models;
        _definitions = models.ToFrozenDictionary(m => m.Id);
        _options = options;
        _time = time;
        _loggers = loggers;
    }

    /// <inheritdoc />
    public IReadOnlyList<ModelDefinition> Models { get; }

    /// <inheritdoc />
    public IModelGrain GetGrain(ModelId id) => Activate(id);

    /// <summary>The definition of <paramref name="id"/>; throws <see cref="ModelNotFoundException"/> for an unknown id.</summary>
    public ModelDefinition GetDefinition(ModelId id) =>
        _definitions.TryGetValue(id, out var model) ? model : throw new ModelNotFoundException(id.Value);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelState>> ListAsync(CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Models.Select(m => Activate(m.Id).GetStateAsync(cancellationToken))).ConfigureAwait(false);

    /// <inheritdoc />
    public IAsyncEnumerable<ModelStateChanged> SubscribeAsync(CancellationToken cancellationToken = default) =>
        _events.SubscribeAsync(cancellationToken);

    /// <summary>
    /// Kills the servers a previous silo recorded and left running (it was killed outright), and says what it did.
    /// Call once at start-up, before any model starts.
    /// </summary>
    public IReadOnlyList<string> ReapOrphans() =>
        _options.ChildJournalDirectory is { } dir ? new Processes.ChildProcessJournal(dir).ReapSurvivors() : [];

    /// <summary>Stops every active model at once and waits until no server process is left.</summary>
    public Task StopAllAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_activations.Values.Where(a => a.IsValueCreated).Select(a => a.Value.StopAsync(cancellationToken)));

    /// <summary>Stops every model, then shuts every grain down.</summary>
    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_activations.Values.Where(a => a.IsValueCreated).Select(a => a.Value.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private ModelGrain Activate(ModelId id)
    {
        var model = GetDefinition(id);
        // Lazy: two racing first calls must not build two actors for one model (GetOrAdd may run its factory twice).
        return _activations.GetOrAdd(id, _ => new Lazy<ModelGrain>(() => new ModelGrain(
            model, _options, _time, _loggers.CreateLogger<ModelGrain>(), _events))).Value;
    }
}
