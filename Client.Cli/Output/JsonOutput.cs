using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Cli.Output;

/// <summary>JSON on stdout, through source-generated type info only (AOT-clean).</summary>
internal static class JsonOutput
{
    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo, bool indented)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping: this is a terminal or a pipe, not HTML; "<", "+" and non-ASCII text stay readable.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }

        writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        writer.Flush();
    }
}
