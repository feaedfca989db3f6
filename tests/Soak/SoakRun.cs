using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Silo;

namespace Orchestrator.Soak;

/// <summary>
/// A soak: the real silo (real Kestrel on loopback) over three FakeLlamaServer models, N clients doing random start,
/// stop, chat and status calls for a while, and a checker that verifies the invariants the whole time.
/// </summary>
public static class SoakRun
{
    public static async Task<SoakReport> RunAsync(SoakOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("orch-soak-").FullName;
        var report = new SoakReport { Clients = options.Clients };
        var app = SiloApplication.Build([], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:ModelsPath"] = SoakModels.Write(folder),
            ["Orchestrator:Port"] = "0",
            ["Orchestrator:SiloPort"] = "0",
            ["Orchestrator:GatewayPort"] = "0",
            ["Orchestrator:StateDirectory"] = Path.Combine(folder, "state"),
            ["Orchestrator:LlamaServerPath"] = options.ServerPath,
            ["Orchestrator:StopTimeout"] = "00:00:03",
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        var clock = Stopwatch.StartNew();
        try
        {
            var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(Path.Combine(folder, "state", "silo.json")), JsonSerializerOptions.Web)!;
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(info.Url), Timeout = Timeout.InfiniteTimeSpan };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", info.Token);

            report.MemoryStartMb = report.MemoryMaxMb = ManagedMegabytes();
            var until = DateTime.UtcNow + options.Duration;
            var random = new Random(options.Seed);
            var clients = Enumerable.Range(0, options.Clients)
                .Select(i => Task.Run(() => new SoakClient(http, options, report, new Random(random.Next())).RunAsync(until)))
                .ToList();
            var checker = new InvariantChecker(http, folder, options, report);
            var memory = SampleMemoryAsync(report, until, options.Progress);
            await Task.WhenAll([checker.RunAsync(until), memory, .. clients]);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            report.Elapsed = clock.Elapsed;
            report.MemoryEndMb = ManagedMegabytes();
            report.MemoryMaxMb = Math.Max(report.MemoryMaxMb, report.MemoryEndMb);
            report.LeakedProcesses = LiveServers.WithArgument(folder).Count;
            foreach (var pid in LiveServers.WithArgument(folder))
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }

        return report;
    }

    private static async Task SampleMemoryAsync(SoakReport report, DateTime until, TextWriter progress)
    {
        var next = DateTime.UtcNow;
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            var mb = ManagedMegabytes();
            report.MemoryMaxMb = Math.Max(report.MemoryMaxMb, mb);
            if (DateTime.UtcNow >= next)
            {
                await progress.WriteLineAsync($"{DateTime.UtcNow:HH:mm:ss} {report.TotalOperations} operations, {report.Failures.Count} failures, {report.Violations.Count} violations, managed {mb:F1} MB, rss {Environment.WorkingSet / 1048576.0:F1} MB");
                next = DateTime.UtcNow.AddMinutes(1);
            }
        }
    }

    /// <summary>The silo's managed heap after a full, compacting collection: what grows if it leaks.</summary>
    private static double ManagedMegabytes()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0;
    }
}
