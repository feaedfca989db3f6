using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Silo;
using Orchestrator.TestSupport;

namespace Orchestrator.SiloTestSupport;

/// <summary>
/// The real silo on 127.0.0.1:0 (real Kestrel, so disconnects are real), in a fresh state directory, over a models.json
/// of FakeLlamaServer scenarios. Disposing stops it and proves no server process is left.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _config;
    private WebApplication _app;

    private TestSilo(string folder, Dictionary<string, string?> config, WebApplication app, SiloInfo info)
    {
        Folder = folder;
        _config = config;
        _app = app;
        Info = info;
        Http = NewHttp(info);
    }

    public string Folder { get; }

    /// <summary>The silo's services (Orleans' options, its in-process cluster client).</summary>
    public IServiceProvider Services => _app.Services;

    public SiloInfo Info { get; private set; }

    /// <summary>What the silo logged (Warning and above unless the settings say otherwise), across restarts.</summary>
    public CapturedLogs Logs { get; private set; } = null!;

    public HttpClient Http { get; private set; }

    public Uri Url => new(Info.Url);

    public string StateDirectory => Path.Combine(Folder, "state");

    public static Task<TestSilo> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, params (string Id, FakeScenario Scenario)[] models) =>
        StartWithEntriesAsync(settings, models.Select(m => (m.Id, m.Scenario, (IReadOnlyDictionary<string, object>?)null)).ToArray());

    /// <summary>Like StartAsync, with extra models.json fields per model (port, server_args, env).</summary>
    public static async Task<TestSilo> StartWithEntriesAsync(IReadOnlyDictionary<string, string?>? settings, params (string Id, FakeScenario Scenario, IReadOnlyDictionary<string, object>? Extra)[] models)
    {
        var folder = Directory.CreateTempSubdirectory("orch-silo-").FullName;
        var registry = Path.Combine(folder, "models.json");
        await File.WriteAllTextAsync(registry, RegistryText(folder, "", models));
        var config = new Dictionary<string, string?>
        {
            ["Orchestrator:ModelsPath"] = registry,
            ["Orchestrator:Port"] = "0",
            ["Orchestrator:SiloPort"] = "0",
            ["Orchestrator:GatewayPort"] = "0",
            ["Orchestrator:StateDirectory"] = Path.Combine(folder, "state"),
            ["Orchestrator:LlamaServerPath"] = FakeServer.ExecutablePath,
            ["Orchestrator:StopTimeout"] = "00:00:02",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var logs = new CapturedLogs();
        var (app, info) = await RunAsync(folder, config, logs);
        return new TestSilo(folder, config, app, info) { Logs = logs };
    }

    /// <summary>
    /// Writes models.json anew while the silo runs: in place (truncate and write, as most programs do), or as an editor that
    /// saves by writing a new file and renaming it over the old one.
    /// </summary>
    public async Task RewriteModelsAsync(bool byRename, params (string Id, FakeScenario Scenario, IReadOnlyDictionary<string, object>? Extra)[] models)
    {
        var text = RegistryText(Folder, $"v{Interlocked.Increment(ref _rewrites)}-", models);
        await RewriteModelsTextAsync(text, byRename);
    }

    /// <summary>Writes <paramref name="text"/> as models.json (see <see cref="RewriteModelsAsync"/>).</summary>
    public async Task RewriteModelsTextAsync(string text, bool byRename = false)
    {
        var registry = Path.Combine(Folder, "models.json");
        if (byRename)
        {
            var temporary = Path.Combine(Folder, ".models.json.swp");
            await File.WriteAllTextAsync(temporary, text);
            File.Move(temporary, registry, overwrite: true);
        }
        else
        {
            await File.WriteAllTextAsync(registry, text);
        }
    }

    private int _rewrites;

    private static string RegistryText(string folder, string fileTag, (string Id, FakeScenario Scenario, IReadOnlyDictionary<string, object>? Extra)[] models)
    {
        var entries = models.Select((m, i) => new Dictionary<string, object>(m.Extra ?? new Dictionary<string, object>())
        {
            ["full_identifier"] = m.Id,
            ["provider"] = "test",
            ["library"] = "test",
            ["name"] = m.Id,
            ["version"] = "1",
            ["manifest"] = "none",
            ["model_file_path"] = m.Scenario.WriteToFile(folder, $"model-{fileTag}{i}.json"),
        });
        return JsonSerializer.Serialize(new { models = entries });
    }

    /// <summary>Stops this silo and starts it again on the same models and state directory: a new run, new ports, a new token.</summary>
    public async Task RestartAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        (_app, var info) = await RunAsync(Folder, _config, Logs);
        Info = info;
        Http = NewHttp(info);
    }

    private static async Task<(WebApplication App, SiloInfo Info)> RunAsync(string folder, Dictionary<string, string?> config, CapturedLogs logs)
    {
        var app = await StartAppAsync(config, logs);
        var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(Path.Combine(folder, "state", "silo.json")), JsonSerializerOptions.Web)!;
        return (app, info);
    }

    /// <summary>
    /// Starts the silo. Its free ports (0) are chosen before Orleans binds them; on a machine running many tests at once
    /// another process can take one in between, and the start fails with "address in use": then it starts again, on others.
    /// </summary>
    private static async Task<WebApplication> StartAppAsync(Dictionary<string, string?> config, CapturedLogs logs)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = SiloApplication.Build([], b =>
            {
                b.Configuration.AddInMemoryCollection(config);
                b.Logging.AddProvider(logs);
            });
            try
            {
                await app.StartAsync();
                return app;
            }
            catch (Exception e) when (attempt < 3 && IsAddressInUse(e))
            {
                await app.DisposeAsync();
            }
        }
    }

    private static bool IsAddressInUse(Exception? e) =>
        e is not null && (e is Microsoft.AspNetCore.Connections.AddressInUseException || IsAddressInUse(e.InnerException));

    private static HttpClient NewHttp(SiloInfo info)
    {
        var http = new HttpClient { BaseAddress = new Uri(info.Url), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", info.Token);
        return http;
    }

    public static Task<TestSilo> StartAsync(params (string Id, FakeScenario Scenario)[] models) => StartAsync(null, models);

    public static string Segment(string id) => Uri.EscapeDataString(id);

    /// <summary>A fresh path under the temp directory for a FakeLlamaServer events file.</summary>
    public static string EventsFile() => Path.Combine(Path.GetTempPath(), $"fake-events-{Guid.NewGuid():N}.jsonl");

    public Task<HttpResponseMessage> PostAsync(string path, string? json = null) =>
        Http.PostAsync(new Uri(path, UriKind.Relative), json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));

    public async Task<JsonElement> StartModelAsync(string id)
    {
        using var response = await PostAsync($"/v1/models/{Segment(id)}/start");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Opens a chat and returns the response once its headers arrived (the events follow).</summary>
    public async Task<HttpResponseMessage> OpenChatAsync(string id, string json, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/models/{Segment(id)}/chat", UriKind.Relative))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static IAsyncEnumerable<SseItem<string>> ReadEvents(Stream body, CancellationToken cancellationToken = default) =>
        SseParser.Create(body).EnumerateAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
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
