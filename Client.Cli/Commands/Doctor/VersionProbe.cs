using System.ComponentModel;
using System.Diagnostics;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>Runs <c>llama-server --version</c>, which prints <c>version: N (commit)</c> and <c>built with ...</c> on stderr and exits 0.</summary>
internal static class VersionProbe
{
    // Printing two lines takes milliseconds; a binary that takes longer is hanging, not slow.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The version line, or why there is none.</summary>
    public static async Task<(string? Version, string? Problem)> RunAsync(string path, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(path, ["--version"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return (null, $"cannot run it ({e.Message})");
        }

        // Nothing to read from orch's terminal; both outputs drained at once so neither can fill up and block it.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, $"it did not answer --version within {Timeout.TotalSeconds:0} s, and was killed");
        }

        var lines = $"{await stderr}\n{await stdout}".Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var version = lines.FirstOrDefault(line => line.StartsWith("version:", StringComparison.Ordinal));
        return process.ExitCode == 0
            ? (version ?? lines.FirstOrDefault() ?? "it printed no version", null)
            : (null, $"--version exited with code {process.ExitCode}{(lines.Length > 0 ? $": {lines[^1]}" : string.Empty)}");
    }
}
