using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary>The built orch, run as a process (<c>dotnet orch.dll</c>) against a silo running in this test process.</summary>
public sealed class EndToEndTests
{
    private const string Id = "local/tiny:q0";

    [Fact]
    public async Task Orch_WithUrlAndToken_StartsChatsAndStops()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario { LoadMs = 0, Tokens = ["Hi", "!"], TokenCount = 2 }));

        var start = await RunOrchAsync(null, Args.For(silo, "start", Id, "--json"));
        var chat = await RunOrchAsync(null, Args.For(silo, "chat", Id, "Hello"));
        var stop = await RunOrchAsync(null, Args.For(silo, "stop", Id));

        Assert.True(start.Code == 0, start.Stderr);
        Assert.Equal("Running", JsonDocument.Parse(start.Stdout).RootElement.GetProperty("status").GetString());
        Assert.True(chat.Code == 0, chat.Stderr);
        Assert.Equal("Hi!\n", chat.Stdout);
        Assert.Contains("tokens/s", chat.Stderr, StringComparison.Ordinal);
        Assert.True(stop.Code == 0, stop.Stderr);
        Assert.Contains("Stopped", stop.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orch_WithOrchestratorHome_FindsTheSiloThroughSiloJson()
    {
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));

        var models = await RunOrchAsync(silo.StateDirectory, "models", "--json");

        Assert.True(models.Code == 0, models.Stderr);
        Assert.Equal(Id, JsonDocument.Parse(models.Stdout).RootElement[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Orch_NoSilo_Exits3AndUnknownModel_Exits4()
    {
        using var empty = new TempDirectory();
        await using var silo = await TestSilo.StartAsync((Id, new FakeScenario()));

        var none = await RunOrchAsync(empty.Path, "models");
        var unknown = await RunOrchAsync(silo.StateDirectory, "status", "nope");

        Assert.Equal(3, none.Code);
        Assert.Contains("no silo is running", none.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, unknown.Code);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunOrchAsync(string? orchestratorHome, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(OrchDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Never the user's own silo: an explicit home, or an empty one.
        using var empty = new TempDirectory();
        info.Environment["ORCHESTRATOR_HOME"] = orchestratorHome ?? empty.Path;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"orch {string.Join(' ', args)} did not exit. stderr: {await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// orch.dll in its own build output (Client.Cli/bin/&lt;configuration&gt;/net10.0), not the copy beside this test assembly:
    /// the test's folder lacks the package assemblies that the ASP.NET Core framework gives the tests but not orch.
    /// </summary>
    private static string OrchDll()
    {
        var testDirectory = new DirectoryInfo(Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)!);
        var (framework, configuration) = (testDirectory.Name, testDirectory.Parent!.Name);
        var repository = testDirectory.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "Client.Cli", "bin", configuration, framework, "orch.dll");
        Assert.True(File.Exists(path), $"orch is not built at {path}");
        Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), $"orch.runtimeconfig.json is not beside {path}");
        return path;
    }
}
