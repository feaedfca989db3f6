using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.Client;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P11: a chat as an Orleans client sees it (<see cref="OrchestratorClient"/>, what orch and desktop apps use: the gateway
/// with its handshake, a grain call, the chat's Orleans stream delivered to the client), against the same kind of server
/// reached directly over HTTP on a kept-alive connection. Interleaved, in this process.
/// </summary>
public sealed class ClientChatScenario : Scenario
{
    private const string ModelId = "bench/client-chat:fake";
    private const int LongAnswer = 5000;

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P11a", "first-token latency through the Orleans client (OrchestratorClient vs direct HTTP)", "≤ +2 ms (median)"),
        new("P11b", $"tokens/s of a {LongAnswer}-token answer through the Orleans client, FakeLlamaServer flat out (÷ direct HTTP)", "≥ 0.97"),
        new("P11c", $"tokens/s of a {RealAnswer}-token answer through the Orleans client, real llama-server (÷ direct HTTP)", "≥ 0.97"),
    ];

    private const int RealAnswer = 500;
    private const string RealModelId = "bench/client-chat:real";

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p11");
        var model = new BenchModel(ModelId, new FakeScenario { LoadMs = 0, TokenDelayMs = 0, TokenCount = LongAnswer }.WriteToFile(folder, "fake-model.json"));
        await using var silo = await InProcessSilo.StartAsync(folder, [model]);
        await silo.StartModelAsync(ModelId);
        await using var direct = DirectServer.Start(RepoPaths.FakeServer, model.DirectArguments);
        await direct.WaitReadyAsync(TimeSpan.FromSeconds(30));
        await using var client = await OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { StateDirectory = silo.StateDirectory });
        var straight = new FirstTokenProbe(direct.BaseAddress, null, "/v1/chat/completions", ChatBodies.Direct(ModelId, 1), Sse.IsDirectToken);
        using var http = LoopbackHttp.Create(direct.BaseAddress);
        var one = new ChatRequest([new ChatMessage("user", "Hello")]) { Options = new Dictionary<string, JsonElement> { ["max_tokens"] = JsonDocument.Parse("1").RootElement } };
        var all = new ChatRequest([new ChatMessage("user", "Hello")]);

        var viaClient = new Series("ms");
        var viaHttp = new Series("ms");
        var reps = context.Reps(300);
        for (var i = 0; i < (context.Quick ? 1 : 30); i++)
        {
            await FirstTokenAsync(client, one);
            await straight.OnceAsync(http);
        }

        context.Progress($"P11a: {reps} chats each way");
        for (var i = 0; i < reps; i++)
        {
            if (i % 2 == 0)
            {
                viaClient.Add(await FirstTokenAsync(client, one));
                viaHttp.Add(await straight.OnceAsync(http));
            }
            else
            {
                viaHttp.Add(await straight.OnceAsync(http));
                viaClient.Add(await FirstTokenAsync(client, one));
            }
        }

        context.Progress($"P11b: answers of {LongAnswer} tokens each way");
        var flatOut = await RatesAsync(Rows[1], client, ModelId, all, http, straight with { Body = ChatBodies.Direct(ModelId, null) }, context.Reps(20));
        var delta = viaClient.Median - viaHttp.Median;
        return
        [
            new BenchRow(Rows[0].Id, Rows[0].What, viaClient.Describe(), viaHttp.Describe(), $"{delta:+0.00;-0.00} ms (p99 {viaClient.P99 - viaHttp.P99:+0.00;-0.00} ms)",
                Rows[0].Goal, BenchRow.Judge(delta <= 2.0), viaClient.Count),
            flatOut,
            await RealAsync(context),
        ];
    }

    private async Task<BenchRow> RealAsync(BenchContext context)
    {
        var spec = Rows[2];
        if (context.Real is not { } real)
        {
            return BenchRow.NotAvailable(spec.Id, spec.What, spec.Goal, "set LLAMA_SERVER_PATH and ORCH_BENCH_MODEL to a llama-server and a GGUF model");
        }

        var folder = context.NewFolder("p11c");
        var model = real.AsModel(RealModelId);
        await using var silo = await InProcessSilo.StartAsync(folder, [model], real.Binary);
        await silo.StartModelAsync(RealModelId);
        await using var direct = DirectServer.Start(real.Binary, model.DirectArguments);
        await direct.WaitReadyAsync(TimeSpan.FromSeconds(120));
        await using var client = await OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { StateDirectory = silo.StateDirectory });
        using var http = LoopbackHttp.Create(direct.BaseAddress);
        var extras = ChatBodies.RealServerExtras();
        var options = extras.ToDictionary(p => p.Key, p => JsonDocument.Parse(p.Value!.ToJsonString()).RootElement);
        options["max_tokens"] = JsonDocument.Parse(RealAnswer.ToString(CultureInfo.InvariantCulture)).RootElement;
        var request = new ChatRequest([new ChatMessage("user", ChatBodies.Prompt)]) { Options = options };
        var probe = new FirstTokenProbe(direct.BaseAddress, null, "/v1/chat/completions", ChatBodies.Direct(RealModelId, RealAnswer, extras), Sse.IsDirectToken);
        context.Progress($"P11c: answers of {RealAnswer} tokens each way (real llama-server)");
        return await RatesAsync(spec, client, RealModelId, request, http, probe, context.Reps(10));
    }

    /// <summary>Tokens/s of whole answers, through the client and directly, alternated.</summary>
    private static async Task<BenchRow> RatesAsync(RowSpec spec, OrchestratorClient client, string modelId, ChatRequest request, HttpClient http, FirstTokenProbe probe, int answers)
    {
        var rateClient = new Series("tok/s");
        var rateHttp = new Series("tok/s");
        await RateAsync(client, modelId, request);
        await DirectRateAsync(http, probe);
        for (var i = 0; i < answers; i++)
        {
            rateClient.Add(await RateAsync(client, modelId, request));
            rateHttp.Add(await DirectRateAsync(http, probe));
        }

        var ratio = rateClient.Median / rateHttp.Median;
        return new BenchRow(spec.Id, spec.What, rateClient.Describe("0"), rateHttp.Describe("0"), $"×{ratio:0.000}", spec.Goal, BenchRow.Judge(ratio >= 0.97), rateClient.Count);
    }

    private static Task<double> FirstTokenAsync(OrchestratorClient client, ChatRequest request) =>
        ChatTiming.FirstTokenMsAsync(Stopwatch.GetTimestamp(), client.ChatAsync(ModelId, request));

    /// <summary>Tokens per second from the first token to the end of the answer.</summary>
    private static Task<double> RateAsync(OrchestratorClient client, string modelId, ChatRequest request) =>
        ChatTiming.TokensPerSecondAsync(client.ChatAsync(modelId, request));

    private static async Task<double> DirectRateAsync(HttpClient http, FirstTokenProbe probe)
    {
        using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(60));
        using var response = await LoopbackHttp.PostStreamingAsync(http, new Uri(probe.Path, UriKind.Relative), probe.Body, deadline.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
        long first = 0;
        var tokens = 0;
        await foreach (var item in Sse.ReadAsync(stream, deadline.Token))
        {
            if (probe.IsToken(item) && tokens++ == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        return (tokens - 1) / Stopwatch.GetElapsedTime(first).TotalSeconds;
    }
}
