using System.Net.ServerSentEvents;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Silo.Api;

namespace Orchestrator.Bench.Micro;

/// <summary>
/// M2: the silo's work per streamed token — parse llama-server's SSE, read the chunk's JSON (StreamProgress), pass the
/// write the delta as the silo's own SSE event (SseWriter) — against
/// the least any client of llama-server does: parse its SSE. Per event, over a stream of <see cref="Events"/> tokens.
/// </summary>
public class SseForwardBenchmarks
{
    public const int Events = 256;

    private byte[] _upstream = [];

    [GlobalSetup]
    public void Setup()
    {
        _upstream = Encoding.UTF8.GetBytes(UpstreamStream(Events));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "parse llama-server SSE only")]
    public async Task<int> ParseOnly()
    {
        var count = 0;
        await foreach (var item in SseParser.Create(new MemoryStream(_upstream, writable: false)).EnumerateAsync())
        {
            if (item.Data == "[DONE]")
            {
                break;
            }

            count++;
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "silo: parse, read JSON, write SSE")]
    public async Task<int> ParseAndForward()
    {
        // The silo's own work per token, without the Orleans stream hop between the two halves (bench P10 measures it).
        var progress = new StreamProgress();
        var sse = new SseWriter(NewResponse());
        await sse.StartAsync(CancellationToken.None);
        var count = 0;
        await foreach (var item in SseParser.Create(new MemoryStream(_upstream, writable: false)).EnumerateAsync())
        {
            if (item.Data == "[DONE]")
            {
                break;
            }

            if (progress.Read(item.Data) is ChatDelta delta)
            {
                await sse.WriteAsync("delta", delta, SiloJsonContext.Default.ChatDelta, CancellationToken.None);
                count++;
            }
        }

        return count;
    }

    private static HttpResponse NewResponse()
    {
        var http = new DefaultHttpContext();
        http.Response.Body = Stream.Null;
        return http.Response;
    }

    /// <summary>A stream as llama-server sends it (FakeLlamaServer's shapes, which copy llama.cpp's): role, tokens, final, usage, [DONE].</summary>
    public static string UpstreamStream(int tokens)
    {
        const string Header = "\"created\":1760000000,\"id\":\"chatcmpl-0123456789abcdef\",\"model\":\"bench/model:q4\",\"system_fingerprint\":\"b6000-0123abcd\",\"object\":\"chat.completion.chunk\"";
        var text = new StringBuilder();
        text.Append("data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null}}],").Append(Header).Append("}\n\n");
        string[] words = ["Hello", ",", " world", "!", " The", " sky", " is", " blue"];
        for (var i = 0; i < tokens; i++)
        {
            text.Append("data: {\"choices\":[{\"finish_reason\":null,\"index\":0,\"delta\":{\"content\":\"").Append(words[i % words.Length]).Append("\"}}],").Append(Header).Append("}\n\n");
        }

        text.Append("data: {\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"delta\":{}}],").Append(Header).Append("}\n\n");
        text.Append("data: {\"choices\":[],").Append(Header)
            .Append(",\"usage\":{\"completion_tokens\":").Append(tokens).Append(",\"prompt_tokens\":12,\"total_tokens\":").Append(tokens + 12)
            .Append("},\"timings\":{\"prompt_n\":12,\"prompt_ms\":1.5,\"predicted_n\":").Append(tokens).Append(",\"predicted_ms\":100.0}}\n\n");
        text.Append("data: [DONE]\n\n");
        return text.ToString();
    }
}
