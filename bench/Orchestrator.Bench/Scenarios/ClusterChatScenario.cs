using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Interfaces.Streaming;
using Orchestrator.Grains.Models;
using Orchestrator.TestSupport;
using Orleans.Configuration;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P12: a chat to a model on another silo of the cluster against one on the silo the client is connected to. Two silos in
/// this process (Orleans' development clustering on loopback), each with a models.json of its own listing one model of
/// the same kind; one Orleans client on the first silo's gateway. The remote chat crosses one more hop: silo to silo, the
/// model grain's calls and its stream's events. Interleaved.
/// </summary>
public sealed class ClusterChatScenario : Scenario
{
    private const string Local = "bench/cluster-local:fake";
    private const string Remote = "bench/cluster-remote:fake";
    private const string LocalPaced = "bench/cluster-local:paced";
    private const string RemotePaced = "bench/cluster-remote:paced";
    private const int LongAnswer = 5000;
    private const int PacedAnswer = 500;
    private const int PaceMs = 2;

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P12a", "first-token latency to a model on another silo (remote vs local model, one client on the first silo)", "≤ +1 ms (median)"),
        new("P12b", $"tokens/s of a {LongAnswer}-token answer from a model on another silo, FakeLlamaServer flat out (÷ local model)", "≥ 0.97"),
        new("P12c", $"tokens/s of a {PacedAnswer}-token answer from a model on another silo, one token per {PaceMs} ms (÷ local model)", "≥ 0.97"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p12");
        var scenario = new FakeScenario { LoadMs = 0, TokenDelayMs = 0, TokenCount = LongAnswer }.WriteToFile(folder, "fake-model.json");
        var paced = new FakeScenario { LoadMs = 0, TokenDelayMs = PaceMs, TokenCount = PacedAnswer }.WriteToFile(folder, "fake-paced.json");
        var (primaryPort, primaryGateway) = (Ports.Closed(), Ports.Closed());
        using var first = await StartSiloAsync(folder, "node1", [(Local, scenario), (LocalPaced, paced)], primaryPort, primaryGateway, primaryPort);
        using var second = await StartSiloAsync(folder, "node2", [(Remote, scenario), (RemotePaced, paced)], Ports.Closed(), Ports.Closed(), primaryPort);
        using var clientHost = await StartClientAsync(primaryGateway);
        var client = clientHost.Services.GetRequiredService<IClusterClient>();
        foreach (var (id, node) in new[] { (Local, "node1"), (Remote, "node2"), (LocalPaced, "node1"), (RemotePaced, "node2") })
        {
            var state = await client.GetGrain<IModelGrain>(id).StartAsync();
            if (state.Status != ModelStatus.Running || state.Node != node)
            {
                throw new InvalidOperationException($"{id} is {state.Status} on {state.Node}, not Running on {node}");
            }
        }

        var one = new ChatRequest([new ChatMessage("user", "Hello")]) { Options = new Dictionary<string, JsonElement> { ["max_tokens"] = JsonDocument.Parse("1").RootElement } };
        var all = new ChatRequest([new ChatMessage("user", "Hello")]);
        var local = new Series("ms");
        var remote = new Series("ms");
        for (var i = 0; i < (context.Quick ? 1 : 30); i++)
        {
            await FirstTokenAsync(client, Local, one);
            await FirstTokenAsync(client, Remote, one);
        }

        var reps = context.Reps(300);
        context.Progress($"P12a: {reps} chats to each model");
        for (var i = 0; i < reps; i++)
        {
            var (a, b) = i % 2 == 0 ? (Local, Remote) : (Remote, Local);
            var ms = await FirstTokenAsync(client, a, one);
            (a == Local ? local : remote).Add(ms);
            ms = await FirstTokenAsync(client, b, one);
            (b == Local ? local : remote).Add(ms);
        }

        context.Progress($"P12b: answers of {LongAnswer} tokens from each model");
        var rateLocal = new Series("tok/s");
        var rateRemote = new Series("tok/s");
        await RateAsync(client, Local, all);
        await RateAsync(client, Remote, all);
        for (var i = 0; i < context.Reps(20); i++)
        {
            rateRemote.Add(await RateAsync(client, Remote, all));
            rateLocal.Add(await RateAsync(client, Local, all));
        }

        context.Progress($"P12c: answers of {PacedAnswer} tokens, one per {PaceMs} ms, from each model");
        var pacedLocal = new Series("tok/s");
        var pacedRemote = new Series("tok/s");
        for (var i = 0; i < context.Reps(10); i++)
        {
            pacedRemote.Add(await RateAsync(client, RemotePaced, all));
            pacedLocal.Add(await RateAsync(client, LocalPaced, all));
        }

        foreach (var id in new[] { Local, Remote, LocalPaced, RemotePaced })
        {
            await client.GetGrain<IModelGrain>(id).StopAsync();
        }

        await clientHost.StopAsync();
        await second.StopAsync();
        await first.StopAsync();

        var delta = remote.Median - local.Median;
        var ratio = rateRemote.Median / rateLocal.Median;
        var pacedRatio = pacedRemote.Median / pacedLocal.Median;
        return
        [
            new BenchRow(Rows[0].Id, Rows[0].What, remote.Describe(), local.Describe(), $"{delta:+0.00;-0.00} ms (p99 {remote.P99 - local.P99:+0.00;-0.00} ms)",
                Rows[0].Goal, BenchRow.Judge(delta <= 1.0), remote.Count),
            new BenchRow(Rows[1].Id, Rows[1].What, rateRemote.Describe("0"), rateLocal.Describe("0"), $"×{ratio:0.000}", Rows[1].Goal, BenchRow.Judge(ratio >= 0.97), rateRemote.Count),
            new BenchRow(Rows[2].Id, Rows[2].What, pacedRemote.Describe("0"), pacedLocal.Describe("0"), $"×{pacedRatio:0.000}", Rows[2].Goal, BenchRow.Judge(pacedRatio >= 0.97), pacedRemote.Count),
        ];
    }

    private static async Task<IHost> StartSiloAsync(string folder, string name, (string Id, string File)[] models, int siloPort, int gatewayPort, int primaryPort)
    {
        var definitions = models.Select(m => new ModelDefinition(new ModelId(m.Id), "bench", "bench", m.Id, "1", "none", m.File, [], null,
            new Dictionary<string, string>(), new Dictionary<string, JsonElement>())).ToList();
        var options = new ModelGrainOptions { LlamaServerPath = RepoPaths.FakeServer, ChildJournalDirectory = Path.Combine(folder, name), StopTimeout = TimeSpan.FromSeconds(2) };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleans(silo => silo
            .UseDevelopmentClustering(new IPEndPoint(IPAddress.Loopback, primaryPort))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("bench-p12", "bench-p12"))
            .Configure<SiloOptions>(o => o.SiloName = name)
            .ConfigureEndpoints(IPAddress.Loopback, siloPort, gatewayPort, listenOnAnyHostAddress: false)
            .AddOrchestratorGrains(ModelRegistry.Create(Path.Combine(folder, $"{name}.json"), definitions), options));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<IHost> StartClientAsync(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseStaticClustering(new IPEndPoint(IPAddress.Loopback, gatewayPort))
            .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("bench-p12", "bench-p12"))
            .AddOrchestratorStreams());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<double> FirstTokenAsync(IClusterClient client, string modelId, ChatRequest request)
    {
        var start = Stopwatch.GetTimestamp();
        return await ChatTiming.FirstTokenMsAsync(start, await ModelChats.OpenAsync(client, modelId, request));
    }

    private static async Task<double> RateAsync(IClusterClient client, string modelId, ChatRequest request) =>
        await ChatTiming.TokensPerSecondAsync(await ModelChats.OpenAsync(client, modelId, request));
}
