using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.TestSupport;

namespace Orchestrator.Cluster.Tests.Support;

/// <summary>
/// One "machine" of a test cluster: a real silo process (the built Silo) with its own folder, state directory, models.json
/// (FakeLlamaServer scenarios), fixed ports (so a restart keeps them, as a configured node would), name and certificate.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string[] _arguments;
    private readonly StringBuilder _output = new();
    private Process _process = null!;

    private ClusterNode(string name, string folder, Dictionary<string, string> environment, string[] arguments)
    {
        Name = name;
        Folder = folder;
        _environment = environment;
        _arguments = arguments;
    }

    public string Name { get; }

    public string Folder { get; }

    public string StateDirectory => Path.Combine(Folder, "state");

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the silo wrote to stdout and stderr so far (its log).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the node's silo; <see cref="WaitReadyAsync"/> waits for it. <paramref name="models"/> are the ids in its models.json.</summary>
    public static ClusterNode Start(string root, string name, string clusterId, string redis, (string Certificate, string Key) certificate, string authority, params string[] models)
    {
        var folder = Path.Combine(root, name);
        Directory.CreateDirectory(folder);
        var registry = Path.Combine(folder, "models.json");
        File.WriteAllText(registry, JsonSerializer.Serialize(models.Select((id, i) => new
        {
            full_identifier = id, provider = "test", library = "test", name = id, version = "1", manifest = "none",
            model_file_path = new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 10 }.WriteToFile(folder, $"model-{i}.json"),
        })));
        var environment = new Dictionary<string, string>
        {
            ["ORCHESTRATOR_HOME"] = Path.Combine(folder, "state"),
            ["Orchestrator__LlamaServerPath"] = FakeServer.ExecutablePath,
            ["Orchestrator__Cluster__Redis"] = redis,
            ["Orchestrator__Cluster__ClusterId"] = clusterId,
            ["Orchestrator__Cluster__NodeName"] = name,
            ["Orchestrator__Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Orchestrator__Cluster__Certificate"] = certificate.Certificate,
            ["Orchestrator__Cluster__CertificateKey"] = certificate.Key,
            ["Orchestrator__Cluster__CertificateAuthority"] = authority,
        };
        var (siloPort, gatewayPort) = (Ports.Closed(), Ports.Closed());
        while (gatewayPort == siloPort)
        {
            gatewayPort = Ports.Closed();
        }

        string[] arguments = ["--models", registry, "--port", "0", "--silo-port", Text(siloPort), "--gateway-port", Text(gatewayPort)];
        var node = new ClusterNode(name, folder, environment, arguments);
        node.Launch();
        return node;
    }

    /// <summary>Starts the silo again with the same settings, ports and state directory (after <see cref="KillAsync"/>).</summary>
    public void Restart()
    {
        _process.Dispose();
        Launch();
    }

    /// <summary>Waits until this run of the silo has written silo.json (it listens and has joined); fails with its log if it exits first.</summary>
    public async Task<SiloInfo> WaitReadyAsync(TimeSpan? timeout = null)
    {
        var path = Path.Combine(StateDirectory, SiloStateDirectory.InfoFileName);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{Name} exited ({_process.ExitCode}) before it was ready:\n{Output}");
            }

            if (File.Exists(path))
            {
                var info = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(path), JsonSerializerOptions.Web)!;
                if (info.Pid == _process.Id)
                {
                    return info;
                }
            }

            await Task.Delay(50); // the silo writes silo.json once it listens; there is nothing else to await from here
        }

        Assert.Fail($"{Name} did not write silo.json within {timeout ?? TimeSpan.FromSeconds(120)}:\n{Output}");
        return null!;
    }

    /// <summary>Waits until the silo's log has <paramref name="text"/>; fails with the log at the deadline.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{Name} did not log \"{text}\":\n{Output}");
            }

            await Task.Delay(20); // the log arrives through a pipe; poll it with a deadline
        }
    }

    /// <summary>SIGKILL: the silo has no chance to leave the cluster or stop its children itself.</summary>
    public async Task KillAsync()
    {
        Signals.Send(_process.Id, Signals.SigKill);
        await _process.WaitForExitAsync();
    }

    /// <summary>Waits for the silo to exit on its own; false at the deadline.</summary>
    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Live FakeLlamaServer processes of this node (their model files are in its folder).</summary>
    public IReadOnlyList<int> LiveFakes() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessAssert.IsAlive(pid) && CommandLine(pid).Contains(Folder, StringComparison.Ordinal))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.SigTerm);
            if (!await ExitsWithinAsync(TimeSpan.FromSeconds(30)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
        await ProcessAssert.AllGoneAsync(LiveFakes());
    }

    private void Launch()
    {
        var testsFolder = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(FakeServer.ExecutablePath)!, "..", "..", "..", ".."));
        var configuration = new DirectoryInfo(Path.GetDirectoryName(FakeServer.ExecutablePath)!).Parent!.Name;
        var silo = Path.GetFullPath(Path.Combine(testsFolder, "..", "Silo", "bin", configuration, "net10.0", "Orchestrator.Silo"));
        var info = new ProcessStartInfo(silo, _arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in _environment)
        {
            info.Environment[key] = value;
        }

        _process = Process.Start(info)!;
        Drain(_process.StandardOutput);
        Drain(_process.StandardError);
    }

    private void Drain(StreamReader reader) => _ = Task.Run(async () =>
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    });

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }
}
