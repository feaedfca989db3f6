using System.ComponentModel;
using System.Diagnostics;

namespace Orchestrator.Cli.Commands.Dashboard;

/// <summary>
/// Opens a URL in the user's browser: <c>$BROWSER</c> when set (the convention of xdg-utils and Python's webbrowser),
/// else the desktop's opener (xdg-open, open, the Windows shell).
/// </summary>
internal static class BrowserLauncher
{
    /// <summary>How long the desktop's opener may take to hand the URL over (it exits once the browser has it).</summary>
    private static readonly TimeSpan OpenerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Null when the browser took the URL; otherwise why not, for a person.</summary>
    public static async Task<string?> OpenAsync(string url, string? browserVariable, CancellationToken cancellationToken)
    {
        // $BROWSER may list several commands separated by ':'; the first is the user's choice.
        var browser = browserVariable?.Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        try
        {
            if (browser is not null)
            {
                // A browser itself may run for hours: started is enough.
                using var started = Process.Start(new ProcessStartInfo(browser) { ArgumentList = { url }, UseShellExecute = false });
                return started is null ? $"$BROWSER ({browser}) did not start" : null;
            }

            if (OperatingSystem.IsWindows())
            {
                using var shell = Process.Start(new ProcessStartInfo(url) { UseShellExecute = true });
                return null;
            }

            var opener = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
            using var process = Process.Start(new ProcessStartInfo(opener) { ArgumentList = { url }, UseShellExecute = false });
            if (process is null)
            {
                return $"{opener} did not start";
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(OpenerTimeout);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? null : $"{opener} exited with code {process.ExitCode} (no browser configured for this session?)";
        }
        catch (Win32Exception e)
        {
            return browser is null
                ? $"no desktop opener ({e.Message}); set $BROWSER to your browser's command"
                : $"$BROWSER ({browser}) could not run: {e.Message}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the desktop's opener did not finish within {OpenerTimeout.TotalSeconds:0} s";
        }
    }
}
