using System.Diagnostics;
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
        new("P11b", $"tokens/s of a {LongAnswer}-token answer through the Orleans client (÷ direct HTTP)", "≥ 0.97"),
    ];

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
        var one = new ChatRequest([new ChatMessage("user", "Hello")]) { Options = new Dictionary<string, System.Text.Json.JsonElement> { ["max_tokens"] = System.Text.Json.JsonDocument.Parse("1").RootElement } };
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

        var rateClient = new Series("tok/s");
        var rateHttp = new Series("tok/s");
        var longStraight = straight with { Body = ChatBodies.Direct(ModelId, null) };
        var answers = context.Reps(20);
        context.Progress($"P11b: {answers} answers of {LongAnswer} tokens each way");
        for (var i = 0; i < answers; i++)
        {
            rateClient.Add(await RateAsync(client, all));
            rateHttp.Add(await DirectRateAsync(http, longStraight));
        }

        var delta = viaClient.Median - viaHttp.Median;
        var ratio = rateClient.Median / rateHttp.Median;
        return
        [
            new BenchRow(Rows[0].Id, Rows[0].What, viaClient.Describe(), viaHttp.Describe(), $"{delta:+0.00;-0.00} ms (p99 {viaClient.P99 - viaHttp.P99:+0.00;-0.00} ms)",
                Rows[0].Goal, BenchRow.Judge(delta <= 2.0), viaClient.Count),
            new BenchRow(Rows[1].Id, Rows[1].What, rateClient.Describe("0"), rateHttp.Describe("0"), $"×{ratio:0.000}",
                Rows[1].Goal, BenchRow.Judge(ratio >= 0.97), rateClient.Count),
        ];
    }

    private static async Task<double> FirstTokenAsync(OrchestratorClient client, ChatRequest request)
    {
        var start = Stopwatch.GetTimestamp();
        double? first = null;
        await foreach (var chatEvent in client.ChatAsync(ModelId, request))
        {
            if (first is null && chatEvent is ChatDelta)
            {
                first = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }

        return first ?? throw new InvalidOperationException("the chat carried no token");
    }

    /// <summary>Tokens per second from the first token to the end of the answer.</summary>
    private static async Task<double> RateAsync(OrchestratorClient client, ChatRequest request)
    {
        long first = 0;
        var tokens = 0;
        await foreach (var chatEvent in client.ChatAsync(ModelId, request))
        {
            if (chatEvent is ChatDelta && tokens++ == 0)
            {
                first = Stopwatch.GetTimestamp();
            }
        }

        return (tokens - 1) / Stopwatch.GetElapsedTime(first).TotalSeconds;
    }

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
