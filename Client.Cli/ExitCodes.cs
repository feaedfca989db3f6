namespace Orchestrator.Cli;

/// <summary>orch's exit codes, documented in the README and in <c>orch --help</c>.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command failed (a start failed, a chat ended in an error, the silo refused the request).</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong (System.CommandLine's parse errors).</summary>
    public const int Usage = 2;

    /// <summary>No silo runs, silo.json is stale, or nothing answers at the URL.</summary>
    public const int SiloUnavailable = 3;

    public const int ModelNotFound = 4;

    public const int ModelNotRunning = 5;

    /// <summary>Ctrl+C ended an answer or a command that does not end by itself on Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    public const string Summary =
        "Exit codes: 0 success, 1 failure, 2 usage error, 3 silo unreachable, 4 model not found, 5 model not running, 130 interrupted.";
}
