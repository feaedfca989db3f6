namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>
/// The key of a model: its <c>full_identifier</c> from models.json. Compared ordinally, never empty.
/// It may contain <c>/ : @ .</c> and spaces (for example <c>registry.ollama.ai/library/llama3.2:3b</c>).
/// </summary>
[GenerateSerializer, Immutable, Alias("orch.ModelId")]
public sealed class ModelId : IEquatable<ModelId>, IComparable<ModelId>
{
    /// <summary>Creates an id; throws <see cref="ArgumentException"/> when <paramref name="value"/> is null, empty or blank.</summary>
    public ModelId(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A model id is the model's non-empty full_identifier.", nameof(value));
        }

        Value = value;
    }

    /// <summary>The full identifier, exactly as written in models.json.</summary>
    [Id(0)]
    public string Value { get; }

    /// <summary>Parses without throwing: false for null, empty or blank text.</summary>
    public static bool TryCreate(string? value, out ModelId? id)
    {
        id = string.IsNullOrWhiteSpace(value) ? null : new ModelId(value);
        return id is not null;
    }

    /// <inheritdoc />
    public bool Equals(ModelId? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is ModelId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public int CompareTo(ModelId? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Ordinal equality.</summary>
    public static bool operator ==(ModelId? left, ModelId? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Ordinal inequality.</summary>
    public static bool operator !=(ModelId? left, ModelId? right) => !(left == right);

    /// <summary>Ordinal order.</summary>
    public static bool operator <(ModelId? left, ModelId? right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Ordinal order.</summary>
    public static bool operator >(ModelId? left, ModelId? right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Ordinal order.</summary>
    public static bool operator <=(ModelId? left, ModelId? right) => !(left > right);

    /// <summary>Ordinal order.</summary>
    public static bool operator >=(ModelId? left, ModelId? right) => !(left < right);
}
