using System.Diagnostics;
using Orchestrator.TestSupport;

namespace Orchestrator.Cluster.Tests.Support;

/// <summary>
/// The membership store of the tests: the Redis that <c>ORCH_TEST_REDIS</c> names, else a <c>redis-server</c> child started
/// for this test run (no persistence), stopped at the end. Each test takes its own cluster id, so they share it safely.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private const string Variable = "ORCH_TEST_REDIS";
    private Process? _child;

    /// <summary>The connection string (host:port).</summary>
    public string Connection { get; private set; } = "";

    /// <summary>Null when a Redis can be had; else why not (the skip reason).</summary>
    public static string? Unavailable() =>
        !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)) || Binary() is not null
            ? null
            : $"needs Redis for the cluster's membership: set {Variable}=host:port, or install redis-server (apt-get install -y redis-server); .ci/run does both";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            Connection = given;
            return;
        }

        var port = Ports.Closed();
        var info = new ProcessStartInfo(Binary()!, ["--port", $"{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _child = Process.Start(info)!;
        _ = _child.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The server's own ready line, not a poll of its port.
        while (await _child.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                _ = _child.StandardOutput.ReadToEndAsync();
                Connection = $"127.0.0.1:{port}";
                return;
            }
        }

        throw new InvalidOperationException($"redis-server on port {port} exited before it was ready (exit code {(_child.HasExited ? _child.ExitCode : -1)})");
    }

    public async Task DisposeAsync()
    {
        if (_child is { HasExited: false })
        {
            _child.Kill();
            await _child.WaitForExitAsync();
        }

        _child?.Dispose();
    }

    private static string? Binary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "redis-server"))
            .FirstOrDefault(File.Exists);
}
