using System.Diagnostics.CodeAnalysis;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Silo.Registry;

/// <summary>
/// models.json as the silo serves it: an immutable <see cref="ModelRegistry"/> replaced whole when the file changes (like an
/// options monitor), so every reader sees one version of the file. Only <see cref="RegistryWatcher"/> replaces it.
/// </summary>
public sealed class ReloadableRegistry(ModelRegistry initial, TimeProvider time) : IModelDefinitions
{
    private volatile Version _current = new(initial, time.GetUtcNow(), null, null);

    /// <summary>The models in use.</summary>
    public ModelRegistry Current => _current.Registry;

    /// <inheritdoc />
    public IReadOnlyList<ModelDefinition> Models => _current.Registry.Models;

    /// <summary>models.json's absolute path.</summary>
    public string FilePath => initial.FilePath;

    /// <inheritdoc />
    public bool TryGet(ModelId id, [NotNullWhen(true)] out ModelDefinition? model) => _current.Registry.TryGet(id, out model);

    /// <inheritdoc />
    public RegistryView Describe()
    {
        var current = _current;
        return new RegistryView(FilePath, current.Registry.Models.Count, current.LoadedAt, current.Error, current.ErrorAt);
    }

    /// <summary>Serves <paramref name="next"/> from now on; returns the registry it replaces.</summary>
    internal ModelRegistry Replace(ModelRegistry next)
    {
        var before = _current.Registry;
        _current = new Version(next, time.GetUtcNow(), null, null);
        return before;
    }

    /// <summary>The file on disk cannot be used: keep serving what is in use, and say why.</summary>
    internal void Fail(RegistryException error) => _current = _current with { Error = error.Message, ErrorAt = time.GetUtcNow() };

    private sealed record Version(ModelRegistry Registry, DateTimeOffset LoadedAt, string? Error, DateTimeOffset? ErrorAt);
}
