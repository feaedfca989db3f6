using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using Orchestrator.Client.Json;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Client.Http;

/// <summary>The body of <c>POST /v1/models/{id}/chat</c>: <c>messages</c> plus the request's options as top-level fields.</summary>
internal static class ChatRequestContent
{
    public static ByteArrayContent Create(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("messages");
            JsonSerializer.Serialize(writer, request.Messages.ToArray(), ClientJsonContext.Default.ChatMessageArray);
            foreach (var (name, value) in request.Options)
            {
                if (name != "messages")
                {
                    writer.WritePropertyName(name);
                    value.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
