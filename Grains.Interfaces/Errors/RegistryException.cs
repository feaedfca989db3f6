namespace Orchestrator.Grains.Interfaces.Errors;

/// <summary>
/// models.json cannot be used. The message names the file, the entry (index and id when known), the field,
/// and how to fix it.
/// </summary>
public sealed class RegistryException : Exception
{
    /// <summary>Creates the error; <paramref name="message"/> is the whole, human-readable explanation.</summary>
    public RegistryException(string filePath, string message, int? entryIndex = null, string? entryId = null, string? field = null, Exception? inner = null)
        : base(message, inner)
    {
        FilePath = filePath;
        EntryIndex = entryIndex;
        EntryId = entryId;
        Field = field;
    }

    /// <summary>The registry file.</summary>
    public string FilePath { get; }

    /// <summary>The zero-based index of the entry at fault, when the error is about one entry.</summary>
    public int? EntryIndex { get; }

    /// <summary>The entry's <c>full_identifier</c>, when known.</summary>
    public string? EntryId { get; }

    /// <summary>The field at fault (JSON name), when the error is about one field.</summary>
    public string? Field { get; }
}
