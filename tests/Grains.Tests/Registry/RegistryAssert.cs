using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>Every registry error must name the file, the entry (index and id), the field, and how to fix it.</summary>
internal static class RegistryAssert
{
    public static RegistryException LoadFails(string path, int? index, string? id, string? field, string fix)
    {
        var error = Assert.Throws<RegistryException>(() => ModelRegistry.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(index, error.EntryIndex);
        Assert.Equal(id, error.EntryId);
        Assert.Equal(field, error.Field);
        if (index is { } i)
        {
            Assert.Contains($"entry #{i}", error.Message, StringComparison.Ordinal);
        }

        if (id is not null)
        {
            Assert.Contains($"(\"{id}\")", error.Message, StringComparison.Ordinal);
        }

        if (field is not null)
        {
            Assert.Contains($"field \"{field}\"", error.Message, StringComparison.Ordinal);
        }

        Assert.Contains(fix, error.Message, StringComparison.Ordinal);
        return error;
    }
}
