namespace FakeLlamaServer.Http;

/// <summary>GET /v1/models as llama-server answers it (server-context.cpp get_models): an Ollama-style "models"
/// list and the OpenAI "data" list, both naming the one loaded model.</summary>
internal static class ModelsJson
{
    public static byte[] Build(string name, IReadOnlyCollection<string> aliases, long fileSize) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("models");
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("model", name);
        w.WriteString("modified_at", "");
        w.WriteString("size", "");
        w.WriteString("digest", "");
        w.WriteString("type", "model");
        w.WriteString("description", "");
        WriteStrings(w, "tags", [""]);
        WriteStrings(w, "capabilities", ["completion"]);
        w.WriteString("parameters", "");
        w.WriteStartObject("details");
        w.WriteString("parent_model", "");
        w.WriteString("format", "gguf");
        w.WriteString("family", "");
        WriteStrings(w, "families", [""]);
        w.WriteString("parameter_size", "");
        w.WriteString("quantization_level", "");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();

        w.WriteString("object", "list");
        w.WriteStartArray("data");
        w.WriteStartObject();
        w.WriteString("id", name);
        WriteStrings(w, "aliases", aliases);
        WriteStrings(w, "tags", []);
        w.WriteString("object", "model");
        w.WriteNumber("created", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        w.WriteString("owned_by", "llamacpp");
        w.WriteStartObject("meta");
        w.WriteNumber("vocab_type", 2);
        w.WriteNumber("n_vocab", 32000);
        w.WriteNumber("n_ctx_train", 4096);
        w.WriteNumber("n_embd", 2048);
        w.WriteNumber("n_params", 1_000_000_000);
        w.WriteNumber("size", fileSize);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    private static void WriteStrings(System.Text.Json.Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }
}
