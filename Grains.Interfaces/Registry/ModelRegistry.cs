using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>
/// One version of models.json, never changed (a silo reloads the file into a new one): the only source of models (no built-in list).
/// It describes models; it never manages processes. Lookups compare ids ordinally, case included.
/// </summary>
public sealed class ModelRegistry : IModelDefinitions
{
    private readonly FrozenDictionary<ModelId, ModelDefinition> _byId;

    private ModelRegistry(string filePath, IReadOnlyList<ModelDefinition> models)
    {
        FilePath = filePath;
        Models = models;
        _byId = models.ToFrozenDictionary(model => model.Id);
    }

    /// <summary>The absolute path of the file the registry was read from.</summary>
    public string FilePath { get; }

    /// <summary>Every model, in file order. May be empty.</summary>
    public IReadOnlyList<ModelDefinition> Models { get; }

    /// <summary>
    /// Reads and validates the registry at <paramref name="path"/> (relative to the current folder; a leading <c>~</c>
    /// is the user's home). Throws <see cref="RegistryException"/> naming the file, entry and field at fault.
    /// </summary>
    public static ModelRegistry Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!RegistryPaths.TryResolve(path, Environment.CurrentDirectory, out var fullPath, out var problem))
        {
            throw new RegistryException(path, $"{path}: the registry path {problem}");
        }

        return Parse(RegistryFileReader.ReadAllText(fullPath), fullPath);
    }

    /// <summary>
    /// Validates registry text as if read from <paramref name="filePath"/>: errors name that file, and relative
    /// <c>model_file_path</c> values resolve against its folder. Throws <see cref="RegistryException"/>.
    /// </summary>
    public static ModelRegistry Parse(string json, string filePath)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        var fullPath = Path.GetFullPath(filePath);
        return new ModelRegistry(fullPath, RegistryDocumentReader.Read(json, fullPath));
    }

    /// <summary>A registry of models defined in code (hosts and tests that write no models.json); ids must be unique.</summary>
    public static ModelRegistry Create(string filePath, IReadOnlyList<ModelDefinition> models)
    {
        ArgumentNullException.ThrowIfNull(models);
        var duplicate = models.GroupBy(m => m.Id).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null
            ? new ModelRegistry(Path.GetFullPath(filePath), models)
            : throw new RegistryException(filePath, $"{filePath}: the id \"{duplicate.Key}\" is listed twice.", entryId: duplicate.Key.Value, field: "full_identifier");
    }

    /// <summary>The model whose <c>full_identifier</c> is exactly <paramref name="id"/>.</summary>
    public bool TryGet(ModelId id, [NotNullWhen(true)] out ModelDefinition? model)
    {
        ArgumentNullException.ThrowIfNull(id);
        return _byId.TryGetValue(id, out model);
    }

    /// <summary>The model whose <c>full_identifier</c> is exactly <paramref name="id"/>, or null.</summary>
    public ModelDefinition? Find(ModelId id) => TryGet(id, out var model) ? model : null;
}
