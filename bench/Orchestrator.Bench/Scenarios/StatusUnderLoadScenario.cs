using System.Diagnostics;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P5: status latency (<c>GET /v1/models/{id}</c>) while 32 chats stream on one model and another model is loading, against
/// <c>GET /healthz</c> (same server, same load, no grain) interleaved with it.
/// </summary>
public sealed class StatusUnderLoadScenario : Scenario
{
    private const string BusyId = "bench/busy:fake";
    private const string LoadingId = "bench/loading:fake";
    private const int Streams = 32;

    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P5", $"status latency with {Streams} streams running and a model starting (GET /v1/models/{{id}} vs GET /healthz)", "p99 ≤ 5 ms"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var folder = context.NewFolder("p5");
        // About 100 tokens/s per stream, a fast model's pace; 32 slots so that every stream is generating.
        var busy = new BenchModel(BusyId, new FakeScenario { LoadMs = 0, TokenDelayMs = 10, TokenCount = 1_000_000 }.WriteToFile(folder, "busy.json"), ["-np", $"{Streams}"]);
        var loading = new BenchModel(LoadingId, new FakeScenario { HangAtLoad = true }.WriteToFile(folder, "loading.json"));
        await using var silo = await InProcessSilo.StartAsync(folder, [busy, loading]);
        await silo.StartModelAsync(BusyId);

        var status = new Series("ms");
        var health = new Series("ms");
        var samples = context.Reps(3000);
        Task? start = null;
        {
            await using var load = await ChatLoad.OpenAsync(silo, BusyId, Streams, TimeSpan.FromSeconds(30));
            start = silo.StartModelAsync(LoadingId);
            await WaitForStatusAsync(silo, LoadingId, "Starting", TimeSpan.FromSeconds(10));

            var ids = new[] { BusyId, LoadingId };
            for (var i = 0; i < (context.Quick ? 2 : 50); i++)
            {
                await TimeGetAsync(silo.Http, $"/v1/models/{Uri.EscapeDataString(ids[i % 2])}");
                await TimeGetAsync(silo.Http, "/healthz");
            }

            context.Progress($"P5: {samples} status requests and {samples} health requests under load");
            for (var i = 0; i < samples; i++)
            {
                var statusPath = $"/v1/models/{Uri.EscapeDataString(ids[i % 2])}";
                if (i % 4 < 2)
                {
                    status.Add(await TimeGetAsync(silo.Http, statusPath));
                    health.Add(await TimeGetAsync(silo.Http, "/healthz"));
                }
                else
                {
                    health.Add(await TimeGetAsync(silo.Http, "/healthz"));
                    status.Add(await TimeGetAsync(silo.Http, statusPath));
                }
            }

            // The load held all along: the loading model is still Starting.
            await WaitForStatusAsync(silo, LoadingId, "Starting", TimeSpan.FromSeconds(1));
        }

        await silo.StopModelAsync(LoadingId);
        try
        {
            await start.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (HttpRequestException)
        {
            // The stop ended the start: 502 start-failed, as it should.
        }

        var spec = Rows[0];
        return
        [
            new BenchRow(spec.Id, spec.What, status.Describe(), health.Describe(),
                $"{status.Median - health.Median:+0.00;-0.00} ms (p99 {status.P99 - health.P99:+0.00;-0.00} ms)",
                spec.Goal, BenchRow.Judge(status.P99 <= 5), samples,
                $"{Streams} streams at ~100 tokens/s each; status alternates between the busy and the loading model"),
        ];
    }

    private static async Task<double> TimeGetAsync(HttpClient http, string path)
    {
        using var deadline = LoopbackHttp.Deadline(TimeSpan.FromSeconds(10));
        var start = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), deadline.Token);
        var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return response.IsSuccessStatusCode && body.Length > 0
            ? elapsed
            : throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}");
    }

    private static async Task WaitForStatusAsync(InProcessSilo silo, string id, string expected, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var view = await silo.GetModelAsync(id);
            var status = view.GetProperty("status").GetString();
            if (status == expected)
            {
                return;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"{id} is {status}, not {expected}, after {timeout}");
            }

            // Only a bench-side wait for a state another request is bringing about; bounded by the deadline.
            await Task.Delay(5);
        }
    }
}
