namespace Orchestrator.Grains.Processes;

/// <summary>Turns a process exit code into words. On Unix .NET reports a death by signal N as 128 + N.</summary>
internal static class ExitDescription
{
    public static string Describe(int exitCode) =>
        exitCode is > 128 and < 128 + 65
            ? $"killed by {PosixSignals.Name(exitCode - 128)} (exit code {exitCode})"
            : $"exited with code {exitCode}";
}
