using System.Text.Json.Nodes;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>The same chat as the silo's API takes it and as the silo sends it upstream (so both sides ask the server for the same work).</summary>
public static class ChatBodies
{
    public const string Prompt = "Why is the sky blue?";

    /// <summary>For <c>POST /v1/models/{id}/chat</c>.</summary>
    public static string Silo(int? maxTokens, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompt }),
        };
        if (maxTokens is int n)
        {
            body["max_tokens"] = n;
        }

        Merge(body, extra);
        return body.ToJsonString();
    }

    /// <summary>For llama-server's <c>POST /v1/chat/completions</c>, as the silo's upstream request looks.</summary>
    public static string Direct(string modelId, int? maxTokens, JsonObject? extra = null)
    {
        var body = new JsonObject();
        if (maxTokens is int n)
        {
            body["max_tokens"] = n;
        }

        Merge(body, extra);
        body["model"] = modelId;
        body["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = Prompt });
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        return body.ToJsonString();
    }

    private static void Merge(JsonObject body, JsonObject? extra)
    {
        foreach (var (name, value) in extra ?? [])
        {
            body[name] = value is null ? null : JsonNode.Parse(value.ToJsonString());
        }
    }

    public static JsonObject RealServerExtras() => (JsonObject)JsonNode.Parse("""{"ignore_eos":true,"temperature":0}""")!;
}
