using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Checks, entry by entry in file order, what must be unique across the registry: ids and fixed ports.</summary>
internal sealed class RegistryUniqueness
{
    private readonly Dictionary<ModelId, int> _indexById = [];
    private readonly Dictionary<int, (int Index, ModelId Id)> _ownerByPort = [];

    public void Add(ModelDefinition model, RegistryLocation where)
    {
        if (!_indexById.TryAdd(model.Id, where.EntryIndex ?? -1))
        {
            throw where.Error(
                $"\"{model.Id}\" is also the full_identifier of entry #{_indexById[model.Id]}; every model needs its own id (ids compare exactly, case included): rename or remove one of the two entries.",
                RegistryFields.FullIdentifier);
        }

        // Two servers cannot listen on one port: the second would fail at every start, far from this file.
        if (model.Port is { } port && !_ownerByPort.TryAdd(port, (where.EntryIndex ?? -1, model.Id)))
        {
            var (index, id) = _ownerByPort[port];
            throw where.Error(
                $"port {port} is also the fixed port of entry #{index} (\"{id}\"); give each model its own port, or leave \"port\" out of one to let the orchestrator pick a free port.",
                RegistryFields.Port);
        }
    }
}
