using System.Diagnostics;

namespace Orchestrator.Cli.Hosting;

/// <summary>
/// With <c>ORCH_TRACE_STARTUP=1</c>, writes to stderr how long after the process started each phase of a command ended
/// (where a cold start's time goes); otherwise does nothing.
/// </summary>
internal static class StartupTrace
{
    private static readonly DateTime? Started = Environment.GetEnvironmentVariable("ORCH_TRACE_STARTUP") == "1"
        ? Process.GetCurrentProcess().StartTime.ToUniversalTime()
        : null;

    public static void Mark(string phase)
    {
        if (Started is { } started)
        {
            Console.Error.WriteLine($"orch: trace {(DateTime.UtcNow - started).TotalMilliseconds,7:0.0} ms  {phase}");
        }
    }
}
