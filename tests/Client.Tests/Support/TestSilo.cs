using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Silo;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests.Support;

/// <summary>
/// The real silo on 127.0.0.1:0 (real Kestrel, so disconnects are real), in a fresh state directory, over a models.json
/// of FakeLlamaServer scenarios. Disposing stops it and proves no server process is left. Adapted from Silo.Tests.
/// </summary>
internal sealed class TestSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestSilo(string folder, WebApplication app, SiloInfo info)
    {
        Folder = folder;
        _app = app;
        Info = info;
    }

    public string Folder { get; }

    public SiloInfo Info { get; }

    public Uri Url => new(Info.Url);

    public string StateDirectory => Path.Combine(Folder, "state");

    public static async Task<TestSilo> StartAsync(params (string Id, FakeScenario Scenario)[] models)
    {
        var folder = Directory.CreateTempSubdirectory("orch-client-").FullName;
        var entries = models.Select((m, i) => new Dictionary<string, object>
        {
            ["full_identifier"] = m.Id,
            ["provider"] = "test",
            ["library"] = "test",
            ["name"] = m.Id,
            ["version"] = "1",
            ["manifest"] = "none",
            ["model_file_path"] = m.Scenario.WriteToFile(folder, $"model-{i}.json"),
        });
        var registry = Path.Combine(folder, "models.json");
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(new { models = entries }));
        var config = new Dictionary<string, string?>
        {
            ["Orchestrator:ModelsPath"] = registry,
            ["Orchestrator:Port"] = "0",
            ["Orchestrator:StateDirectory"] = Path.Combine(folder, "state"),
            ["Orchestrator:LlamaServerPath"] = FakeServer.ExecutablePath,
            ["Orchestrator:StopTimeout"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Warning",
        };

        var app = SiloApplication.Build([], b => b.Configuration.AddInMemoryCollection(config));
        await app.StartAsync();
        var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(Path.Combine(folder, "state", "silo.json")), JsonSerializerOptions.Web)!;
        return new TestSilo(folder, app, info);
    }

    /// <summary>A client of this silo with its token.</summary>
    public OrchestratorClient CreateClient() => new(Url, Info.Token);

    /// <summary>A fresh path under the temp directory for a FakeLlamaServer events file.</summary>
    public static string EventsFile() => Path.Combine(Path.GetTempPath(), $"fake-events-{Guid.NewGuid():N}.jsonl");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        var left = LiveFakes();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }

        Assert.Empty(left);
    }

    /// <summary>Live FakeLlamaServer processes of this silo (their model files are in its folder).</summary>
    public IReadOnlyList<int> LiveFakes() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => (Pid: int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0, Dir: d))
            .Where(p => p.Pid > 0 && p.Pid != Environment.ProcessId && ReadCmdline(p.Dir).Contains(Folder, StringComparison.Ordinal) && !IsZombie(p.Dir))
            .Select(p => p.Pid)
            .ToList();

    private static string ReadCmdline(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "cmdline"));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static bool IsZombie(string dir)
    {
        try
        {
            var stat = File.ReadAllText(Path.Combine(dir, "stat"));
            return stat[stat.LastIndexOf(')') + 2] is 'Z' or 'X';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
