using System.Diagnostics.CodeAnalysis;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Where the grains look their models up: models.json (<see cref="ModelRegistry"/>) in a silo.</summary>
public interface IModelDefinitions
{
    /// <summary>Every model, in file order.</summary>
    IReadOnlyList<ModelDefinition> Models { get; }

    /// <summary>The model whose <c>full_identifier</c> is exactly <paramref name="id"/>.</summary>
    bool TryGet(ModelId id, [NotNullWhen(true)] out ModelDefinition? model);
}
