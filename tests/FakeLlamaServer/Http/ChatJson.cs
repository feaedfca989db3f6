using System.Text.Json;
using FakeLlamaServer.Diagnostics;
using FakeLlamaServer.Generation;

namespace FakeLlamaServer.Http;

/// <summary>
/// One completion's response objects, shaped as llama.cpp's server_task_result_cmpl_partial/final
/// to_json_oaicompat_chat[_stream] (tools/server/server-task.cpp), keys in the same order.
/// </summary>
internal sealed class ChatJson(string model)
{
    private readonly string _id = "chatcmpl-" + RandomId();
    private readonly long _created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>The first partial result opens with the role, as OpenAI's streams do.</summary>
    public byte[] RoleChunk() => Chunk(w =>
    {
        w.WriteString("role", "assistant");
        w.WriteNull("content");
    }, finishReason: null);

    public byte[] TokenChunk(string token) => Chunk(w => w.WriteString("content", token), finishReason: null);

    /// <summary>The final chunk: empty delta and the finish reason; timings ride on the last event.</summary>
    public byte[] FinalChunk(CompletionResult result, bool withTimings) =>
        Chunk(_ => { }, result.FinishReason, withTimings ? result.Timings : null);

    /// <summary>With stream_options.include_usage: no choices, the usage, and the timings.</summary>
    public byte[] UsageChunk(CompletionResult result) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteEndArray();
        WriteHeader(w, "chat.completion.chunk");
        WriteUsage(w, result);
        WriteTimings(w, result.Timings);
        w.WriteEndObject();
    });

    /// <summary>The non-streaming answer (to_json_oaicompat_chat).</summary>
    public byte[] Completion(CompletionResult result, string content) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteString("finish_reason", result.FinishReason);
        w.WriteNumber("index", 0);
        w.WriteStartObject("message");
        w.WriteString("role", "assistant");
        w.WriteString("content", content);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteNumber("created", _created);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", ServerLog.BuildInfo);
        w.WriteString("object", "chat.completion");
        WriteUsage(w, result);
        w.WriteString("id", _id);
        WriteTimings(w, result.Timings);
        w.WriteEndObject();
    });

    private byte[] Chunk(Action<Utf8JsonWriter> delta, string? finishReason, Timings? timings = null) => JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteStartObject();
        w.WriteString("finish_reason", finishReason);
        w.WriteNumber("index", 0);
        w.WriteStartObject("delta");
        delta(w);
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        WriteHeader(w, "chat.completion.chunk");
        if (timings is not null)
        {
            WriteTimings(w, timings);
        }

        w.WriteEndObject();
    });

    private void WriteHeader(Utf8JsonWriter w, string objectType)
    {
        w.WriteNumber("created", _created);
        w.WriteString("id", _id);
        w.WriteString("model", model);
        w.WriteString("system_fingerprint", ServerLog.BuildInfo);
        w.WriteString("object", objectType);
    }

    private static void WriteUsage(Utf8JsonWriter w, CompletionResult result)
    {
        w.WriteStartObject("usage");
        w.WriteNumber("completion_tokens", result.CompletionTokens);
        w.WriteNumber("prompt_tokens", result.PromptTokens);
        w.WriteNumber("total_tokens", result.CompletionTokens + result.PromptTokens);
        w.WriteStartObject("prompt_tokens_details");
        w.WriteNumber("cached_tokens", 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteTimings(Utf8JsonWriter w, Timings t)
    {
        w.WriteStartObject("timings");
        w.WriteNumber("cache_n", 0);
        w.WriteNumber("prompt_n", t.PromptN);
        w.WriteNumber("prompt_ms", t.PromptMs);
        w.WriteNumber("prompt_per_token_ms", t.PromptPerTokenMs);
        w.WriteNumber("prompt_per_second", t.PromptPerSecond);
        w.WriteNumber("predicted_n", t.PredictedN);
        w.WriteNumber("predicted_ms", t.PredictedMs);
        w.WriteNumber("predicted_per_token_ms", t.PredictedPerTokenMs);
        w.WriteNumber("predicted_per_second", t.PredictedPerSecond);
        w.WriteEndObject();
    }

    // random_string() in server-common.cpp: 32 characters from [0-9A-Za-z].
    private static string RandomId() =>
        System.Security.Cryptography.RandomNumberGenerator.GetString("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 32);
}
