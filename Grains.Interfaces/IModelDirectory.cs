using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces;

/// <summary>The grain directory: finds (and on first use creates) the grain of a model listed in models.json.</summary>
public interface IModelDirectory
{
    /// <summary>Every model of models.json, in file order.</summary>
    IReadOnlyList<ModelDefinition> Models { get; }

    /// <summary>The grain of <paramref name="id"/>; throws <see cref="Errors.ModelNotFoundException"/> for an unknown id.</summary>
    IModelGrain GetGrain(ModelId id);

    /// <summary>The state of every model, in file order.</summary>
    Task<IReadOnlyList<ModelState>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>Every state change of every model from now on, until cancelled.</summary>
    IAsyncEnumerable<ModelStateChanged> SubscribeAsync(CancellationToken cancellationToken = default);
}
