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

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Process StartSilo(string registry)
    {
        var testsFolder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(FakeServer.ExecutablePath)!, "..", "..", "..", ".."));
        var configuration = new DirectoryInfo(Path.GetDirectoryName(FakeServer.ExecutablePath)!).Parent!.Name;
        var silo = Path.Combine(testsFolder, "..", "Silo", "bin", configuration, "net10.0", "Orchestrator.Silo");
        var info = new ProcessStartInfo(Path.GetFullPath(silo), ["--models", registry, "--port", "0"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["ORCHESTRATOR_HOME"] = Path.Combine(_folder, "state");
        info.Environment["Orchestrator__LlamaServerPath"] = FakeServer.ExecutablePath;
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync(); // drain: a full pipe would block the silo
        return process;
    }
}
