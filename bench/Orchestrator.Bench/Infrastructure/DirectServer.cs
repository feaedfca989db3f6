using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>The moment a directly started server's ready line was read.</summary>
public sealed record ReadyLine(int Port, DateTimeOffset SeenAt, long SeenTimestamp);

/// <summary>
/// A llama-server (or FakeLlamaServer) started straight from the benchmark, without the silo: the baseline of starts and
/// streams. Its stderr is read from the first moment (a full pipe would block it); the ready line is awaited, not polled.
/// </summary>
public sealed partial class DirectServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<ReadyLine> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _tail = new();
    private readonly Task _stderr;
    private readonly Task _stdout;

    private DirectServer(Process process, long startedTimestamp)
    {
        _process = process;
        StartedTimestamp = startedTimestamp;
        Pid = process.Id;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = PumpAsync();
    }

    public int Pid { get; }

    /// <summary>Stopwatch timestamp taken just before the process was started.</summary>
    public long StartedTimestamp { get; }

    /// <summary>Completes when "server is listening on http://HOST:PORT" has been read; fails if stderr ends first.</summary>
    public Task<ReadyLine> Ready => _ready.Task;

    public Uri BaseAddress => new($"http://127.0.0.1:{(_ready.Task.IsCompletedSuccessfully ? _ready.Task.Result.Port : throw new InvalidOperationException("not ready"))}/");

    public static DirectServer Start(string binary, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(binary)
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

        // As the silo does: inherited LLAMA_ARG_* would change the server's settings.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("LLAMA_", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        var started = Stopwatch.GetTimestamp();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {binary}");
        return new DirectServer(process, started);
    }

    /// <summary>Awaits the ready line, failing after <paramref name="timeout"/>.</summary>
    public async Task<ReadyLine> WaitReadyAsync(TimeSpan timeout)
    {
        try
        {
            return await _ready.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_process.StartInfo.FileName} (pid {Pid}) printed no ready line within {timeout}; last output:\n{Tail()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await _process.WaitForExitAsync();
        await Task.WhenAll(_stderr, _stdout).WaitAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private string Tail()
    {
        lock (_tail)
        {
            return string.Join('\n', _tail);
        }
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            if (!_ready.Task.IsCompleted && Listening().Match(line) is { Success: true } match)
            {
                _ready.TrySetResult(new ReadyLine(
                    int.Parse(match.Groups["port"].ValueSpan, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow, Stopwatch.GetTimestamp()));
            }

            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > 20)
                {
                    _tail.Dequeue();
                }
            }
        }

        _ready.TrySetException(new InvalidOperationException($"{_process.StartInfo.FileName} (pid {Pid}) ended its output before it was ready:\n{Tail()}"));
    }

    [GeneratedRegex(@"server is listening on https?://[^\s/]+:(?<port>\d+)")]
    private static partial Regex Listening();
}
