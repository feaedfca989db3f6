using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>The security promises, each as a test: loopback by default, the token everywhere and never in a log, no request chooses what runs.</summary>
public sealed class SecurityHardeningTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";

    [Fact]
    public async Task Default_BindsLoopbackOnly()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));

        Assert.Equal("127.0.0.1", new Uri(silo.Info.Url).Host);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(silo.Info.Url).Host)));
    }

    [Fact]
    public async Task NonLoopbackBind_OnlyWhenConfigured_AndTheTokenIsStillMandatory()
    {
        await using var silo = await TestSilo.StartAsync(
            new Dictionary<string, string?> { ["Orchestrator:BindAddress"] = "0.0.0.0" },
            ("m", new FakeScenario()));
        using var anonymous = new HttpClient { BaseAddress = new Uri(silo.Info.Url) };

        using var withoutToken = await anonymous.GetAsync(new Uri("/v1/models", UriKind.Relative));
        using var withToken = await silo.Http.GetAsync(new Uri("/v1/models", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, withoutToken.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }

    [Fact]
    public async Task Token_NeverAppearsInTheLogs()
    {
        var lines = new ConcurrentQueue<string>();
        var folder = Directory.CreateTempSubdirectory("orch-tokenlog-").FullName;
        var model = new FakeScenario { LoadMs = 0 }.WriteToFile(folder, "m.json");
        var registry = Path.Combine(folder, "models.json");
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(new[] { new { full_identifier = "m", provider = "p", library = "l", name = "n", version = "1", manifest = "x", model_file_path = model } }));
        var app = SiloApplication.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Orchestrator:ModelsPath"] = registry,
                ["Orchestrator:Port"] = "0",
                ["Orchestrator:SiloPort"] = "0",
                ["Orchestrator:StateDirectory"] = Path.Combine(folder, "state"),
                ["Orchestrator:LlamaServerPath"] = FakeServer.ExecutablePath,
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
                ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Trace",
            });
            b.Logging.SetMinimumLevel(LogLevel.Trace).AddProvider(new CapturingLoggerProvider(lines));
        });
        await app.StartAsync();
        var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(Path.Combine(folder, "state", "silo.json")), JsonSerializerOptions.Web)!;
        using (var http = new HttpClient { BaseAddress = new Uri(info.Url) })
        {
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", info.Token);
            (await http.PostAsync(new Uri("/v1/models/m/start", UriKind.Relative), null)).Dispose();
            (await http.PostAsync(new Uri("/v1/models/m/chat", UriKind.Relative), new StringContent(Hello, Encoding.UTF8, "application/json"))).Dispose();
            (await http.GetAsync(new Uri("/v1/models", UriKind.Relative))).Dispose();
        }

        await app.StopAsync();
        await app.DisposeAsync();
        Directory.Delete(folder, recursive: true);

        Assert.NotEmpty(lines);
        Assert.DoesNotContain(lines, l => l.Contains(info.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoRequest_CanChooseTheBinaryArgumentsOrFiles()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        var hostile = """{"binary":"/bin/sh","llama_server_path":"/bin/sh","model_file_path":"/etc/passwd","server_args":["--port","1"],"env":{"LD_PRELOAD":"/tmp/x.so"}}""";

        using var start = await silo.PostAsync("/v1/models/m/start?binary=/bin/sh&model_file_path=/etc/passwd", hostile);
        var pid = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("pid").GetInt32();
        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0');
        var environment = await File.ReadAllTextAsync($"/proc/{pid}/environ");
        using var chat = await silo.OpenChatAsync("m", """{"messages":[{"role":"user","content":"Hi"}],"model":"/bin/sh"}""");
        var firstDelta = await TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()).FirstAsync();

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(Path.GetFullPath(FakeServer.ExecutablePath), commandLine[0]);
        Assert.Contains(Path.Combine(silo.Folder, "model-0.json"), commandLine);
        Assert.DoesNotContain("/etc/passwd", commandLine);
        Assert.DoesNotContain("/bin/sh", commandLine);
        Assert.DoesNotContain("LD_PRELOAD", environment, StringComparison.Ordinal);
        Assert.Equal("delta", firstDelta.EventType);
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    lines.Enqueue(string.Join(" ", values.Select(v => $"{v.Key}={v.Value}")));
                }
            }
        }
    }
}
