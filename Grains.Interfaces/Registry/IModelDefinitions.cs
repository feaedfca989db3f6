using System.Diagnostics.CodeAnalysis;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>
/// Where the grains look their models up: models.json in a silo, reloaded when it changes. Each answer is of one version
/// of the file; a grain takes a model's definition when the model starts.
/// </summary>
public interface IModelDefinitions
{
    /// <summary>Every model, in file order.</summary>
    IReadOnlyList<ModelDefinition> Models { get; }

    /// <summary>The model whose <c>full_identifier</c> is exactly <paramref name="id"/>.</summary>
    bool TryGet(ModelId id, [NotNullWhen(true)] out ModelDefinition? model);

    /// <summary>Which file, and whether its last edit could be used; definitions made in code have no file.</summary>
    RegistryView Describe() => new("(defined in code)", Models.Count, DateTimeOffset.MinValue, null, null);
}
