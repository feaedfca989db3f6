using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class DoctorCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Doctor_EverythingInPlace_EveryCheckPassesAndExits0()
    {
        await using var silo = await TestSilo.StartAsync(("local/m:1", new FakeScenario()));
        using var cli = new CliHarness(variables: Variables(FakeServer.ExecutablePath));

        var code = await cli.RunAsync(Args.For(silo, "doctor", "--models", Path.Combine(silo.Folder, "models.json")));

        Assert.True(code == 0, cli.Stdout.Text);
        var text = cli.Stdout.Text;
        Assert.Contains("✓ silo: a silo answers; it serves 1 model(s)", text, StringComparison.Ordinal);
        Assert.Contains($"✓ llama-server: {FakeServer.ExecutablePath} (version: 0 (fakellama))", text, StringComparison.Ordinal);
        Assert.Contains($"✓ models.json: {Path.Combine(silo.Folder, "models.json")}: 1 model(s)", text, StringComparison.Ordinal);
        Assert.Contains("✓ model local/m:1: ", text, StringComparison.Ordinal);
        Assert.Contains("✓ ports: a silo is running and holds its ports", text, StringComparison.Ordinal);
        Assert.Contains("All 5 checks passed.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_FirstRunWithNothingInPlace_Json_SaysWhatFailsAndHowToFixEach()
    {
        var present = _folder.File("present.gguf");
        File.WriteAllText(present, "GGUF");
        var models = WriteRegistry(("local/present:1", present), ("local/absent:1", _folder.File("absent.gguf")));
        var ports = new[] { FreePort(), FreePort(), FreePort() };
        using var cli = new CliHarness(variables: Variables("/nonexistent/llama-server"));

        var code = await cli.RunAsync(
            "doctor", "--json", "--models", models, "--port", $"{ports[0]}", "--silo-port", $"{ports[1]}", "--gateway-port", $"{ports[2]}");

        Assert.Equal(1, code);
        var checks = cli.Json().EnumerateArray().ToList();
        Assert.All(checks, c => Assert.Equal(["check", "ok", "detail", "fix"], c.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(
            ["silo", "llama-server", "models.json", "model local/present:1", "model local/absent:1", $"port {ports[0]} (HTTP)", $"port {ports[1]} (silo)", $"port {ports[2]} (gateway)"],
            checks.Select(c => c.GetProperty("check").GetString()));
        Assert.Equal([false, false, true, true, false, true, true, true], checks.Select(c => c.GetProperty("ok").GetBoolean()));

        var (silo, server, absent) = (checks[0], checks[1], checks[4]);
        Assert.Contains("no silo is running", silo.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("dotnet run --project Silo", silo.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Contains("llama-server binary not found at /nonexistent/llama-server", server.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("LLAMA_SERVER_PATH", server.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.Equal($"{_folder.File("absent.gguf")} does not exist", absent.GetProperty("detail").GetString());
        Assert.Contains("model_file_path of \"local/absent:1\"", absent.GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.All(checks.Where(c => c.GetProperty("ok").GetBoolean()), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("fix").ValueKind));
    }

    [Fact]
    public async Task Doctor_NoBinaryConfiguredNorOnPath_SaysToInstallItOrSetLlamaServerPath()
    {
        using var emptyFolder = new TempDirectory();
        using var cli = new CliHarness(variables: new Dictionary<string, string> { ["PATH"] = emptyFolder.Path });

        var code = await cli.RunAsync("doctor", "--json", "--models", WriteRegistry());

        Assert.Equal(1, code);
        var server = Check(cli, "llama-server");
        Assert.False(server.GetProperty("ok").GetBoolean());
        Assert.Contains($"llama-server binary not found on PATH ({emptyFolder.Path})", server.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("install llama.cpp", server.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_BinaryOnPath_IsFoundThereAsTheSiloWouldFindIt()
    {
        var onPath = _folder.File("llama-server");
        File.CreateSymbolicLink(onPath, FakeServer.ExecutablePath);
        using var cli = new CliHarness(variables: new Dictionary<string, string> { ["PATH"] = _folder.Path });

        await cli.RunAsync("doctor", "--json", "--models", WriteRegistry());

        var server = Check(cli, "llama-server");
        Assert.True(server.GetProperty("ok").GetBoolean(), server.GetProperty("detail").GetString());
        Assert.Equal($"{onPath} (version: 0 (fakellama))", server.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Doctor_BadModelsJson_ReportsTheLoadersOwnMessage()
    {
        var models = _folder.File("models.json");
        File.WriteAllText(models, """{ "models": [ { "full_identifier": 42 } ] }""");
        var expected = Assert.Throws<RegistryException>(() => ModelRegistry.Load(models)).Message;
        using var cli = new CliHarness(variables: Variables(FakeServer.ExecutablePath));

        var code = await cli.RunAsync("doctor", "--json", "--models", models);

        Assert.Equal(1, code);
        var registry = Check(cli, "models.json");
        Assert.False(registry.GetProperty("ok").GetBoolean());
        Assert.Equal(expected, registry.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Doctor_PortInUse_FailsSayingHowToMoveIt()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var cli = new CliHarness(variables: Variables(FakeServer.ExecutablePath));

        var code = await cli.RunAsync("doctor", "--models", WriteRegistry(), "--port", $"{port}", "--silo-port", $"{FreePort()}", "--gateway-port", $"{FreePort()}");

        Assert.Equal(1, code);
        Assert.Contains($"✗ port {port} (HTTP): in use on 127.0.0.1", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("fix: stop the program that holds it, or start the silo with --port <another port>", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_Redirected_SaysOkAndFailInWords()
    {
        using var cli = new CliHarness(redirected: true, variables: Variables(FakeServer.ExecutablePath));

        await cli.RunAsync("doctor", "--models", WriteRegistry());

        var lines = cli.Stdout.Text.TrimEnd('\n').Split('\n');
        Assert.StartsWith("FAIL silo: no silo is running", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("     fix: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("OK   llama-server: ", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("✓", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("✗", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_LlamaServerRefusesVersion_SaysItsExitCodeAndLastLine()
    {
        var script = Script("llama-server", "echo 'error: invalid argument: --version' >&2", "exit 1");
        using var cli = new CliHarness(variables: Variables(script));

        await cli.RunAsync("doctor", "--json", "--models", WriteRegistry());

        var server = Check(cli, "llama-server");
        Assert.False(server.GetProperty("ok").GetBoolean());
        Assert.Equal($"{script}: --version exited with code 1: error: invalid argument: --version", server.GetProperty("detail").GetString());
        Assert.Contains($"{script} --version", server.GetProperty("fix").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_LlamaServerHangsOnVersion_IsKilledAndReported()
    {
        var pidFile = _folder.File("pid");
        var script = Script("llama-server", $"echo $$ > '{pidFile}'", "exec sleep 600");
        using var cli = new CliHarness(variables: Variables(script));

        await cli.RunAsync("doctor", "--json", "--models", WriteRegistry());

        var server = Check(cli, "llama-server");
        Assert.False(server.GetProperty("ok").GetBoolean());
        Assert.Equal($"{script}: it did not answer --version within 5 s, and was killed", server.GetProperty("detail").GetString());
        await ProcessAssert.GoneAsync(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>The environment a shell would give orch: llama-server named by LLAMA_SERVER_PATH, nothing on PATH.</summary>
    private static Dictionary<string, string> Variables(string llamaServer) => new()
    {
        ["LLAMA_SERVER_PATH"] = llamaServer,
        ["PATH"] = string.Empty,
    };

    private static JsonElement Check(CliHarness cli, string name) =>
        cli.Json().EnumerateArray().Single(c => c.GetProperty("check").GetString() == name);

    /// <summary>A models.json in the test's folder listing the models (id and file); with none, one model whose file exists.</summary>
    private string WriteRegistry(params (string Id, string File)[] models)
    {
        if (models.Length == 0)
        {
            var file = _folder.File("model.gguf");
            File.WriteAllText(file, "GGUF");
            models = [("local/m:1", file)];
        }

        var entries = models.Select(m => new Dictionary<string, string>
        {
            ["full_identifier"] = m.Id,
            ["provider"] = "test",
            ["library"] = "test",
            ["name"] = m.Id,
            ["version"] = "1",
            ["manifest"] = "none",
            ["model_file_path"] = m.File,
        });
        var path = _folder.File("models.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new { models = entries }));
        return path;
    }

    private string Script(string name, params string[] lines)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, $"#!/bin/sh\n{string.Join('\n', lines)}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
