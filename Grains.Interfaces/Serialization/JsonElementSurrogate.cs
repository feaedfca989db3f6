using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Serialization;

/// <summary>
/// How a <see cref="JsonElement"/> (sampling options, llama-server's <c>timings</c>) crosses Orleans: as its JSON text.
/// Orleans has no codec of its own for it.
/// </summary>
[GenerateSerializer, Immutable, Alias("orch.JsonElement")]
public readonly record struct JsonElementSurrogate([property: Id(0)] string Json);

/// <summary>Converts between <see cref="JsonElement"/> and its surrogate.</summary>
[RegisterConverter]
public sealed class JsonElementSurrogateConverter : IConverter<JsonElement, JsonElementSurrogate>
{
    /// <inheritdoc />
    public JsonElement ConvertFromSurrogate(in JsonElementSurrogate surrogate)
    {
        using var document = JsonDocument.Parse(surrogate.Json);
        return document.RootElement.Clone();
    }

    /// <inheritdoc />
    public JsonElementSurrogate ConvertToSurrogate(in JsonElement value) => new(value.GetRawText());
}
