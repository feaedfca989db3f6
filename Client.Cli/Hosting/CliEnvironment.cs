using Spectre.Console;

namespace Orchestrator.Cli.Hosting;

/// <summary>What orch talks to: consoles for output and diagnostics, the input for chat sessions, where silo.json is, Ctrl+C.</summary>
/// <param name="Out">Standard output: results, and JSON only under <c>--json</c>.</param>
/// <param name="Error">Standard error: diagnostics, progress and errors.</param>
/// <param name="In">The lines of an interactive chat session.</param>
/// <param name="StateDirectory">The silo's state directory; null for the standard one (ORCHESTRATOR_HOME, XDG_STATE_HOME, ~/.local/state).</param>
/// <param name="Interrupts">Ctrl+C.</param>
internal sealed record CliEnvironment(IAnsiConsole Out, IAnsiConsole Error, TextReader In, string? StateDirectory, Interrupts Interrupts)
{
    /// <summary>The process's console.</summary>
    public static CliEnvironment ForProcess(Interrupts interrupts) => new(
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) }),
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        Console.In,
        null,
        interrupts);
}
