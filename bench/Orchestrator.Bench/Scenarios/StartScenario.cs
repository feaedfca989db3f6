using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Bench.Infrastructure;
using Orchestrator.Bench.Reporting;
using Orchestrator.TestSupport;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// P3: readiness lag, from the server's ready instant (the fake's events file) to the silo's Running (the state's
/// <c>since</c>), against the same lag for a parent that reads the ready line itself.
/// P4: start to Running through the silo against spawning the same server directly and awaiting its ready line.
/// </summary>
public sealed class StartScenario : Scenario
{
    public override IReadOnlyList<RowSpec> Rows { get; } =
    [
        new("P3", "readiness lag: server ready → Running (silo) vs → ready line read (direct)", "≤ 5 ms (median)"),
        new("P4a", "start → Running, FakeLlamaServer (silo / direct)", "ratio ≤ 1.05 (median)"),
        new("P4b", "start → Running, real llama-server (silo / direct)", "ratio ≤ 1.05 (median)"),
    ];

    public override async Task<IReadOnlyList<BenchRow>> RunAsync(BenchContext context)
    {
        var rows = new List<BenchRow>();
        var folder = context.NewFolder("p3");
        var eventsFile = Path.Combine(folder, "events.jsonl");
        var model = new BenchModel("bench/start:fake", new FakeScenario { LoadMs = 100, EventsFile = eventsFile }.WriteToFile(folder, "fake-model.json"));
        var fake = await MeasureStartsAsync(context, folder, model, RepoPaths.FakeServer, eventsFile, context.Reps(30), "P3/P4a");

        var lagSpec = Rows[0];
        var lagDelta = fake.SiloLag.Median - fake.DirectLag.Median;
        // Judged on the silo's share: from the ready timestamp to the line being printed is the fake's own time (a direct reader sees it too).
        rows.Add(new BenchRow(lagSpec.Id, lagSpec.What, fake.SiloLag.Describe(), fake.DirectLag.Describe(),
            $"{lagDelta:+0.00;-0.00} ms", lagSpec.Goal, BenchRow.Judge(fake.LineToRunning.Median <= 5 && lagDelta <= 5), fake.SiloLag.Count,
            $"ready timestamp → the silo reads the ready line: {fake.LineRead.Describe()} (the fake's own time to print it; the direct " +
            $"baseline shows the same); line read → Running: {fake.LineToRunning.Describe("0.000")}; ready → a /v1/events subscriber " +
            $"receives Running: {fake.EventLag.Describe()}. Met = the silo's share (line read → Running, and the difference to direct) ≤ 5 ms"));

        var startSpec = Rows[1];
        rows.Add(StartRow(startSpec, fake.SiloStart, fake.DirectStart, "FakeLlamaServer with load_ms 100"));

        var realSpec = Rows[2];
        if (context.Real is not { } real)
        {
            rows.Add(BenchRow.NotAvailable(realSpec.Id, realSpec.What, realSpec.Goal, "set LLAMA_SERVER_PATH and ORCH_BENCH_MODEL to a llama-server binary and a GGUF model"));
            return rows;
        }

        var realFolder = context.NewFolder("p4-real");
        var measured = await MeasureStartsAsync(context, realFolder, real.AsModel("bench/start:real"), real.Binary, null, context.Reps(15), "P4b");
        rows.Add(StartRow(realSpec, measured.SiloStart, measured.DirectStart, Path.GetFileName(real.Model)));
        return rows;
    }

    private static BenchRow StartRow(RowSpec spec, Series silo, Series direct, string note)
    {
        var ratio = Stats.Median(silo.Values.Zip(direct.Values, (s, d) => s / d).ToList());
        return new BenchRow(spec.Id, spec.What, silo.Describe("0.0"), direct.Describe("0.0"),
            $"×{ratio:0.000} ({silo.Median - direct.Median:+0.0;-0.0} ms)", spec.Goal, BenchRow.Judge(ratio <= 1.05), silo.Count, note);
    }

    private sealed record StartSeries(
        Series SiloStart, Series DirectStart, Series SiloLag, Series DirectLag, Series EventLag, Series LineRead, Series LineToRunning);

    /// <summary>When the silo read the server's "listening" line (the timestamp of that line in the model's log).</summary>
    private static async Task<DateTimeOffset> ReadyLineReadAtAsync(InProcessSilo silo, string id)
    {
        var text = await silo.Http.GetStringAsync(new Uri($"/v1/models/{Uri.EscapeDataString(id)}/logs?tail=200", UriKind.Relative));
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.EnumerateArray()
            .Last(l => l.GetProperty("text").GetString()!.Contains("server is listening on", StringComparison.Ordinal))
            .GetProperty("timestamp").GetDateTimeOffset();
    }

    private static async Task<StartSeries> MeasureStartsAsync(
        BenchContext context, string folder, BenchModel model, string binary, string? eventsFile, int reps, string label)
    {
        var result = new StartSeries(new("ms"), new("ms"), new("ms"), new("ms"), new("ms"), new("ms"), new("ms"));
        await using var silo = await InProcessSilo.StartAsync(folder, [model], binary);

        // Running events as a /v1/events subscriber sees them, keyed by the server's pid.
        var running = new ConcurrentDictionary<int, TaskCompletionSource<DateTimeOffset>>();
        TaskCompletionSource<DateTimeOffset> RunningFor(int pid) => running.GetOrAdd(pid, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        using var stopEvents = new CancellationTokenSource();
        using var eventsResponse = await silo.Http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        var eventsStream = await eventsResponse.Content.ReadAsStreamAsync();
        var subscriber = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in Sse.ReadAsync(eventsStream, stopEvents.Token))
                {
                    var received = DateTimeOffset.UtcNow;
                    if (item.EventType != "state")
                    {
                        continue;
                    }

                    using var doc = JsonDocument.Parse(item.Data);
                    var root = doc.RootElement;
                    if (root.GetProperty("status").GetString() == "Running" && root.GetProperty("pid").TryGetInt32(out var pid))
                    {
                        RunningFor(pid).TrySetResult(received);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        async Task SiloOnce(bool record)
        {
            var start = Stopwatch.GetTimestamp();
            var view = await silo.StartModelAsync(model.Id);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            var pid = view.GetProperty("pid").GetInt32();
            var since = view.GetProperty("since").GetDateTimeOffset();
            if (record)
            {
                result.SiloStart.Add(elapsed);
                if (eventsFile is not null)
                {
                    var ready = ReadyAt(eventsFile, pid);
                    result.SiloLag.Add((since - ready).TotalMilliseconds);
                    var seen = await RunningFor(pid).Task.WaitAsync(TimeSpan.FromSeconds(5));
                    result.EventLag.Add((seen - ready).TotalMilliseconds);
                    // The silo's own log has when it read the ready line: splits the lag into the server's and the silo's share.
                    var lineRead = await ReadyLineReadAtAsync(silo, model.Id);
                    result.LineRead.Add((lineRead - ready).TotalMilliseconds);
                    result.LineToRunning.Add((since - lineRead).TotalMilliseconds);
                }
            }

            await silo.StopModelAsync(model.Id);
        }

        async Task DirectOnce(bool record)
        {
            await using var server = DirectServer.Start(binary, model.DirectArguments);
            var ready = await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
            if (record)
            {
                result.DirectStart.Add(BenchContext.Ms(server.StartedTimestamp, ready.SeenTimestamp));
                if (eventsFile is not null)
                {
                    result.DirectLag.Add((ready.SeenAt - ReadyAt(eventsFile, server.Pid)).TotalMilliseconds);
                }
            }
        }

        await SiloOnce(record: false);
        await DirectOnce(record: false);
        context.Progress($"{label}: {reps} starts each way");
        for (var i = 0; i < reps; i++)
        {
            if (i % 2 == 0)
            {
                await SiloOnce(record: true);
                await DirectOnce(record: true);
            }
            else
            {
                await DirectOnce(record: true);
                await SiloOnce(record: true);
            }
        }

        await stopEvents.CancelAsync();
        eventsResponse.Dispose();
        await subscriber.WaitAsync(TimeSpan.FromSeconds(5));
        return result;
    }

    /// <summary>
    /// The fake's "ready" instant for <paramref name="pid"/>: taken right before it prints its ready lines, and written
    /// to the events file right after them, so the line may arrive first; wait briefly for the record.
    /// </summary>
    private static DateTimeOffset ReadyAt(string eventsFile, int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            if (TryReadyAt(eventsFile, pid) is { } ready)
            {
                return ready;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"no ready event for pid {pid.ToString(CultureInfo.InvariantCulture)} in {eventsFile}");
            }

            Thread.Sleep(1); // another process writes the file: nothing to await
        }
    }

    private static DateTimeOffset? TryReadyAt(string eventsFile, int pid)
    {
        if (!File.Exists(eventsFile))
        {
            return null;
        }

        using var stream = new FileStream(eventsFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (!line.EndsWith('}'))
            {
                continue; // empty, or still being written
            }

            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("event").GetString() == "ready" && root.GetProperty("pid").GetInt32() == pid)
            {
                return DateTimeOffset.UnixEpoch.AddTicks(root.GetProperty("at_unix_us").GetInt64() * TimeSpan.TicksPerMicrosecond);
            }
        }

        return null;
    }
}
