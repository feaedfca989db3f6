namespace Orchestrator.Grains.Interfaces.Logs;

/// <summary>Which output of the child process a line came from.</summary>
[GenerateSerializer, Alias("orch.LogSource")]
public enum LogSource
{
    /// <summary>Standard output (llama-server leaves it empty).</summary>
    Stdout,

    /// <summary>Standard error (all of llama-server's logging).</summary>
    Stderr,
}
