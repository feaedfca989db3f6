using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>
/// The silo as its own process, as a user runs it (<c>dotnet Orchestrator.Silo.dll --models ... --port 0</c>), with
/// ORCHESTRATOR_HOME in a temp folder; found through the silo.json it writes. Disposing sends SIGTERM (the silo stops
/// every model) and kills it if it does not exit.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task _stdout;
    private readonly Task _stderr;

    private SiloProcess(Process process, SiloInfo info)
    {
        _process = process;
        Info = info;
        Http = LoopbackHttp.Create(new Uri(info.Url), info.Token);
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public int Pid => _process.Id;

    public SiloInfo Info { get; }

    public HttpClient Http { get; }

    public static async Task<SiloProcess> StartAsync(string folder, string modelsPath, TimeSpan timeout)
    {
        var state = Path.Combine(folder, "state");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = folder,
        };
        foreach (var argument in (string[])[RepoPaths.SiloDll, "--models", modelsPath, "--port", "0", "--silo-port", "0", "--gateway-port", "0"])
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["ORCHESTRATOR_HOME"] = state;
        info.Environment["Orchestrator__LlamaServerPath"] = RepoPaths.FakeServer;
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the silo");
        var siloJson = Path.Combine(state, SiloStateDirectory.InfoFileName);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!File.Exists(siloJson))
        {
            if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
            {
                var said = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"the silo wrote no {siloJson} (exit: {(process.HasExited ? process.ExitCode : "none")}) {said}");
            }

            // Another process writes the file: there is nothing to await, so look again shortly (bounded above).
            await Task.Delay(10);
        }

        var siloInfo = JsonSerializer.Deserialize<SiloInfo>(await File.ReadAllTextAsync(siloJson), JsonSerializerOptions.Web)!;
        return new SiloProcess(process, siloInfo);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.SigTerm);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        await Task.WhenAll(_stdout, _stderr).WaitAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}
