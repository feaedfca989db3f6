using System.CommandLine;

namespace Orchestrator.Cli.Hosting;

/// <summary>
/// System.CommandLine's invocation settings carrying orch's environment, so the command tree can be built once (options are
/// static fields) while each invocation, a test's included, has its own consoles.
/// </summary>
internal sealed class CliInvocation : InvocationConfiguration
{
    public CliInvocation(CliEnvironment environment)
    {
        Environment = environment;
        Output = environment.Out.Profile.Out.Writer;
        Error = environment.Error.Profile.Out.Writer;
        // orch maps errors to its exit codes itself, and owns Ctrl+C (Interrupts).
        EnableDefaultExceptionHandler = false;
        ProcessTerminationTimeout = null;
    }

    public CliEnvironment Environment { get; }
}
