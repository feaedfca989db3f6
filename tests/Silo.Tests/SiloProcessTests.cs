using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>The silo as users run it: its own process.</summary>
public sealed class SiloProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-silo-proc-").FullName;

    [Fact]
    public async Task BadModelsJson_ExitsNonZeroWithTheRegistryMessageAndNoStackTrace()
    {
        var registry = Path.Combine(_folder, "models.json");
        await File.WriteAllTextAsync(registry, """[{"full_identifier": "a", "provider": "p"}]""");

        using var silo = StartSilo(registry);
        var stderr = await silo.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains(registry, stderr, StringComparison.Ordinal);
        Assert.Contains("entry #0 (\"a\")", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_StopsEveryModelThenExitsAndRemovesSiloJson()
    {
        var registry = Path.Combine(_folder, "models.json");
        var scenario = new FakeScenario { LoadMs = 0 }.WriteToFile(_folder, "m.json");
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(new[]
        {
            new { full_identifier = "m", provider = "p", library = "l", name = "n", version = "1", manifest = "x", model_file_path = scenario },
        }));
        using var silo = StartSilo(registry);
        _ = silo.StandardError.ReadToEndAsync();
        var infoPath = Path.Combine(_folder, "state", "silo.json");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(infoPath) && DateTime.UtcNow < deadline && !silo.HasExited)
        {
            await Task.Delay(20); // the silo writes silo.json once it listens; nothing to await from here
        }

        var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(infoPath), JsonSerializerOptions.Web)!;
        using var http = new HttpClient { BaseAddress = new Uri(info.Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", info.Token);
        using var start = await http.PostAsync(new Uri("/v1/models/m/start", UriKind.Relative), null);
        var pid = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("pid").GetInt32();

        Signals.Send(silo.Id, Signals.SigTerm);
        await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, silo.ExitCode);
        Assert.False(ProcessAssert.IsAlive(pid), "the model's server outlived the silo");
        Assert.False(File.Exists(infoPath));
    }

    [Fact]
    public async Task Startup_FirstLinesSayWhichRegistryAndWhichServer()
    {
        var registry = await WriteRegistryAsync("m");
        using var silo = StartSilo(registry, out var output);
        await WaitForInfoAsync(silo);

        var text = output.ToString();
        Assert.Contains($"Loaded 1 model(s) from {registry}", text, StringComparison.Ordinal);
        Assert.Contains($"llama-server: {FakeServer.ExecutablePath}", text, StringComparison.Ordinal);
        await StopAsync(silo);
    }

    [Fact]
    public async Task Startup_NoServerFound_WarnsAtOnce()
    {
        var registry = await WriteRegistryAsync("m");
        using var silo = StartSilo(registry, out var output, llamaServer: Path.Combine(_folder, "no-such-llama-server"));
        await WaitForInfoAsync(silo);

        Assert.Contains("No llama-server:", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("no-such-llama-server", output.ToString(), StringComparison.Ordinal);
        await StopAsync(silo);
    }

    [Fact]
    public async Task SiloPortTaken_ExitsNonZeroNamingThePortAndTheSetting()
    {
        var registry = await WriteRegistryAsync("m");
        using var occupier = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((System.Net.IPEndPoint)occupier.LocalEndpoint).Port;

        using var silo = StartSilo(registry, out _, siloPort: port);
        var stderr = await silo.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, silo.ExitCode);
        Assert.Contains($"Port {port}", stderr, StringComparison.Ordinal);
        Assert.Contains("Orchestrator:SiloPort", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_Hammered_SigtermAndCtrlC_AlwaysExitZeroWithEveryChildStopped()
    {
        var registry = await WriteRegistryAsync("a", "b");
        for (var run = 0; run < 5; run++)
        {
            using var silo = StartSilo(registry, out var output);
            var stderr = silo.StandardError.ReadToEndAsync();
            using var http = await WaitForInfoAsync(silo);
            var pids = new List<int>();
            foreach (var id in new[] { "a", "b" })
            {
                using var start = await http.PostAsync(new Uri($"/v1/models/{id}/start", UriKind.Relative), null);
                pids.Add(JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("pid").GetInt32());
            }

            // A chat in flight on one model: the stop must end it too.
            using var chat = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/models/a/chat", UriKind.Relative))
            {
                Content = new StringContent("""{"messages":[{"role":"user","content":"hi"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            using var streaming = await http.SendAsync(chat, HttpCompletionOption.ResponseHeadersRead);
            using var events = await http.GetAsync(new Uri("/v1/events", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);

            var clock = Stopwatch.StartNew();
            Signals.Send(silo.Id, run % 2 == 0 ? Signals.SigTerm : Signals.SigInt);
            await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Equal(0, silo.ExitCode);
            Assert.DoesNotContain("Unhandled exception", await stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output.ToString(), StringComparison.Ordinal);
            Assert.All(pids, pid => Assert.False(ProcessAssert.IsAlive(pid), $"server {pid} outlived the silo (run {run})"));
            Console.WriteLine($"shutdown run {run}: exited in {clock.ElapsedMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Shutdown_StopOutlastsItsBudget_KillsWhatIsLeftAndExitsZero()
    {
        var registry = Path.Combine(_folder, "models.json");
        var scenario = new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10, IgnoreSigtermInFlight = true }.WriteToFile(_folder, "stubborn.json");
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(new[]
        {
            new { full_identifier = "stubborn", provider = "p", library = "l", name = "n", version = "1", manifest = "x", model_file_path = scenario },
        }));
        using var silo = StartSilo(registry, out var output, settings: new()
        {
            ["Orchestrator__ShutdownBudget"] = "00:00:00.300",
            ["Orchestrator__StopTimeout"] = "00:05:00", // the model's own stop would wait minutes
        });
        using var http = await WaitForInfoAsync(silo);
        using var start = await http.PostAsync(new Uri("/v1/models/stubborn/start", UriKind.Relative), null);
        var state = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement;
        var pid = state.GetProperty("pid").GetInt32();
        // A request straight to the server, which the silo cannot end: llama-server ignores SIGTERM while it is in flight.
        using var direct = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{state.GetProperty("port").GetInt32()}/v1/chat/completions"))
        {
            Content = new StringContent("""{"messages":[{"role":"user","content":"hi"}],"stream":true}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var inFlight = await direct.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Signals.Send(silo.Id, Signals.SigTerm);
        await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, silo.ExitCode);
        Assert.False(ProcessAssert.IsAlive(pid), "the stubborn server outlived the silo");
        Assert.Contains("killing what is left", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StateLogLines_NameEveryRealChange_WithoutNullsOrRepeats()
    {
        var registry = await WriteRegistryAsync("m");
        using var silo = StartSilo(registry, out var output);
        using var http = await WaitForInfoAsync(silo);
        (await http.PostAsync(new Uri("/v1/models/m/start", UriKind.Relative), null)).Dispose();
        (await http.PostAsync(new Uri("/v1/models/m/stop", UriKind.Relative), null)).Dispose();
        await StopAsync(silo);

        var text = output.ToString();
        Assert.Contains("Model m: Stopped -> Starting", text, StringComparison.Ordinal);
        Assert.Contains("Model m: Starting -> Running", text, StringComparison.Ordinal);
        Assert.Contains("Model m: Stopping -> Stopped", text, StringComparison.Ordinal);
        Assert.DoesNotContain("(null)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Starting -> Starting", text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<string> WriteRegistryAsync(params string[] ids)
    {
        var registry = Path.Combine(_folder, "models.json");
        var entries = ids.Select(id => new
        {
            full_identifier = id, provider = "p", library = "l", name = "n", version = "1", manifest = "x",
            model_file_path = new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 }.WriteToFile(_folder, $"{id}.json"),
        });
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(entries));
        return registry;
    }

    /// <summary>Waits for silo.json (written once the silo listens) and returns a client with its token.</summary>
    private async Task<HttpClient> WaitForInfoAsync(Process silo)
    {
        var infoPath = Path.Combine(_folder, "state", "silo.json");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(infoPath) && DateTime.UtcNow < deadline && !silo.HasExited)
        {
            await Task.Delay(20); // the silo writes silo.json once it listens; nothing to await from here
        }

        var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(infoPath), JsonSerializerOptions.Web)!;
        var http = new HttpClient { BaseAddress = new Uri(info.Url) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", info.Token);
        return http;
    }

    private static async Task StopAsync(Process silo)
    {
        Signals.Send(silo.Id, Signals.SigTerm);
        await silo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, silo.ExitCode);
    }

    private Process StartSilo(string registry, out System.Text.StringBuilder output, int siloPort = 0, string? llamaServer = null, Dictionary<string, string>? settings = null)
    {
        var silo = StartSilo(registry, drainOutput: false, siloPort, llamaServer, settings);
        var text = new System.Text.StringBuilder();
        output = text;
        _ = Task.Run(async () =>
        {
            while (await silo.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (text)
                {
                    text.AppendLine(line);
                }
            }
        });
        return silo;
    }

    private Process StartSilo(string registry, bool drainOutput = true, int siloPort = 0, string? llamaServer = null, Dictionary<string, string>? settings = null)
    {
        var testsFolder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(FakeServer.ExecutablePath)!, "..", "..", "..", ".."));
        var configuration = new DirectoryInfo(Path.GetDirectoryName(FakeServer.ExecutablePath)!).Parent!.Name;
        var silo = Path.Combine(testsFolder, "..", "Silo", "bin", configuration, "net10.0", "Orchestrator.Silo");
        var info = new ProcessStartInfo(Path.GetFullPath(silo), ["--models", registry, "--port", "0", "--silo-port", siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--gateway-port", "0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["ORCHESTRATOR_HOME"] = Path.Combine(_folder, "state");
        info.Environment["Orchestrator__LlamaServerPath"] = llamaServer ?? FakeServer.ExecutablePath;
        foreach (var (name, value) in settings ?? [])
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        if (drainOutput)
        {
            _ = process.StandardOutput.ReadToEndAsync(); // drain: a full pipe would block the silo
        }

        return process;
    }
}
