using System.Text;
using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>
/// Where in models.json a problem lies. Every registry error is built here so that all of them name the file,
/// the entry (zero-based index, and its <c>full_identifier</c> once known) and the field in the same words.
/// </summary>
internal readonly record struct RegistryLocation(string FilePath, int? EntryIndex = null, string? EntryId = null)
{
    /// <summary>The entry at <paramref name="index"/> of this file; its id is not known yet.</summary>
    public RegistryLocation AtEntry(int index) => new(FilePath, index);

    /// <summary>The same entry, now named by its id in later messages.</summary>
    public RegistryLocation WithId(string? id) => this with { EntryId = id };

    /// <summary>An error at this place; <paramref name="problem"/> says what is wrong and how to fix it.</summary>
    public RegistryException Error(string problem, string? field = null, Exception? inner = null) =>
        new(FilePath, Describe(field) + problem, EntryIndex, EntryId, field, inner);

    private string Describe(string? field)
    {
        var text = new StringBuilder(FilePath);
        if (EntryIndex is { } index)
        {
            text.Append(": entry #").Append(index);
            if (EntryId is not null)
            {
                text.Append(" (\"").Append(EntryId).Append("\")");
            }
        }

        if (field is not null)
        {
            text.Append(EntryIndex is null ? ": " : ", ").Append("field \"").Append(field).Append('"');
        }

        return text.Append(": ").ToString();
    }
}
