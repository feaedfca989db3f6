using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>The shared test silo's registry: each test adds its own models (under fresh ids) before it uses them.</summary>
public sealed class TestModels : IModelDefinitions
{
    private readonly ConcurrentDictionary<ModelId, ModelDefinition> _models = new();

    public IReadOnlyList<ModelDefinition> Models => _models.Values.OrderBy(m => m.Id).ToList();

    public void Add(ModelDefinition model)
    {
        if (!_models.TryAdd(model.Id, model))
        {
            throw new InvalidOperationException($"{model.Id} is already defined: every test needs fresh ids.");
        }
    }

    public bool TryGet(ModelId id, [NotNullWhen(true)] out ModelDefinition? model) => _models.TryGetValue(id, out model);
}
