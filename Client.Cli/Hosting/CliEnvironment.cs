using Spectre.Console;

namespace Orchestrator.Cli.Hosting;

/// <summary>What orch talks to: consoles for output and diagnostics, the input for chat sessions, where silo.json is, Ctrl+C.</summary>
/// <param name="Out">Standard output: results, and JSON only under <c>--json</c>.</param>
/// <param name="Error">Standard error: diagnostics, progress and errors.</param>
/// <param name="In">The lines of an interactive chat session.</param>
/// <param name="StateDirectory">The silo's state directory; null for the standard one (ORCHESTRATOR_HOME, XDG_STATE_HOME, ~/.local/state).</param>
/// <param name="Interrupts">Ctrl+C.</param>
/// <param name="OutputRedirected">Standard output goes to a file or a pipe: plain text for other programs (see <see cref="RedirectedWidth"/>).</param>
/// <param name="Variables">The environment variables orch reads (where llama-server is, PATH); null for the process's own.</param>
internal sealed record CliEnvironment(
    IAnsiConsole Out, IAnsiConsole Error, TextReader In, string? StateDirectory, Interrupts Interrupts, bool OutputRedirected = false,
    IReadOnlyDictionary<string, string>? Variables = null)
{
    /// <summary>
    /// The width of a redirected console. Redirected output is for files and other programs: no colours, no cursor tricks,
    /// and no wrapping at a made-up width.
    /// </summary>
    public const int RedirectedWidth = 4096;

    /// <summary>An environment variable, null when it is not set.</summary>
    public string? Variable(string name) => Variables is null ? Environment.GetEnvironmentVariable(name) : Variables.GetValueOrDefault(name);

    /// <summary>The process's console.</summary>
    public static CliEnvironment ForProcess(Interrupts interrupts) => new(
        Create(Console.Out, Console.IsOutputRedirected),
        Create(Console.Error, Console.IsErrorRedirected),
        Console.In,
        null,
        interrupts,
        Console.IsOutputRedirected);

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
