using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace FakeLlamaServer.Http;

/// <summary>
/// Builds JSON bytes with a writer, so keys come in llama-server's order (its nlohmann::ordered_json keeps
/// insertion order) and text is not HTML-escaped (nlohmann escapes only quotes, backslashes and controls).
/// </summary>
internal static class JsonText
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>format_error_response wrapped as the body of an error answer or an in-band stream event.</summary>
    public static byte[] Error(int code, string message, string type) => Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteNumber("code", code);
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>
    /// The loading and not-found bodies are built in server-http.cpp with a different key order
    /// (message, type, code) than format_error_response.
    /// </summary>
    public static byte[] HttpLayerError(string message, string type, int code) => Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("message", message);
        w.WriteString("type", type);
        w.WriteNumber("code", code);
        w.WriteEndObject();
        w.WriteEndObject();
    });
}
