using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Orchestrator.TestSupport;

/// <summary>
/// A FakeLlamaServer child process for tests that drive it directly: stderr is read from the first moment
/// into a line list that can be awaited, stdout is captured whole, and disposing kills the process and proves
/// it is gone.
/// </summary>
public sealed partial class FakeServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _stderrPump;
    private readonly Task<string> _stdout;
    private TaskCompletionSource _lineArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stderrClosed;

    private FakeServerProcess(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderrPump = PumpStderrAsync();
    }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every stderr line so far.</summary>
    public IReadOnlyList<string> StderrLines => [.. _stderr];

    /// <summary>All of stdout; completes when the process has closed it (exited).</summary>
    public Task<string> StdoutAsync => _stdout;

    /// <summary>The port from "main: server is listening on http://HOST:PORT", once that line has been seen.</summary>
    public int? Port => StderrLines.Select(l => ListeningLine().Match(l)).FirstOrDefault(m => m.Success) is { } m
        ? int.Parse(m.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)
        : null;

    /// <summary>http://127.0.0.1:PORT/ once ready.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{Port ?? throw new InvalidOperationException("the fake is not listening yet")}/");

    /// <summary>
    /// Starts FakeLlamaServer with <paramref name="arguments"/>. LLAMA_ARG_* and LLAMA_SERVER_ROUTER_PORT are removed
    /// from its environment (they would change its settings, as they do llama-server's) unless given in <paramref name="environment"/>.
    /// </summary>
    public static FakeServerProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(FakeServer.ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("LLAMA_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return new FakeServerProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}"));
    }

    /// <summary>Starts the fake on an OS-chosen loopback port with <paramref name="modelPath"/> and any extra arguments.</summary>
    public static FakeServerProcess StartOnFreePort(string modelPath, params string[] extraArguments) =>
        Start(["-m", modelPath, "--host", "127.0.0.1", "--port", "0", .. extraArguments]);

    /// <summary>Waits for a stderr line containing <paramref name="text"/>; fails the test at the deadline or if stderr ends first.</summary>
    public Task<string> WaitForLineAsync(string text, TimeSpan? timeout = null) =>
        WaitForLineAsync(line => line.Contains(text, StringComparison.Ordinal), text, timeout);

    /// <summary>Waits for "main: starting the main loop..." and returns the listening port.</summary>
    public async Task<int> WaitForReadyAsync(TimeSpan? timeout = null)
    {
        await WaitForLineAsync("main: starting the main loop...", timeout);
        return Port ?? throw new InvalidOperationException("ready without a listening line");
    }

    /// <summary>
    /// Waits for the process to exit and for its stderr to be read to the end (so <see cref="StderrLines"/> is
    /// complete); returns the exit code (128 + n for a death by signal n).
    /// </summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _stderrPump.WaitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"fake {Pid} did not exit within {timeout ?? DefaultTimeout}. stderr tail:\n{Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends a real signal (15 = SIGTERM, 2 = SIGINT, 9 = SIGKILL).</summary>
    public void Signal(int signal) => Signals.Send(Pid, signal);

    /// <summary>The last stderr lines, for failure messages.</summary>
    public string Tail(int lines = 20) => string.Join('\n', StderrLines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        await ProcessAssert.GoneAsync(Pid);
        await _stderrPump;
        _process.Dispose();
    }

    private async Task<string> WaitForLineAsync(Func<string, bool> match, string description, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            // Take the signal before looking, so a line that arrives in between is not missed.
            var arrived = Volatile.Read(ref _lineArrived).Task;
            if (_stderr.FirstOrDefault(match) is { } line)
            {
                return line;
            }

            var remaining = deadline - DateTime.UtcNow;
            if (_stderrClosed || remaining <= TimeSpan.Zero)
            {
                Assert.Fail($"no stderr line '{description}' from fake {Pid} " +
                    $"({(_stderrClosed ? "stderr closed, exit code " + ExitCodeText() : "timed out")}). stderr tail:\n{Tail()}");
            }

            await arrived.WaitAsync(remaining).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private string ExitCodeText() => _process.WaitForExit(1000) ? _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            _stderr.Enqueue(line);
            Interlocked.Exchange(ref _lineArrived, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }

        _stderrClosed = true;
        _lineArrived.TrySetResult();
    }

    [GeneratedRegex(@"main: server is listening on http://[^\s:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
