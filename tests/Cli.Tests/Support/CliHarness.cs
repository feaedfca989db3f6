using System.Text.Json;
using Orchestrator.Cli.Hosting;
using Orchestrator.TestSupport;
using Spectre.Console;

namespace Orchestrator.Cli.Tests.Support;

/// <summary>
/// Runs orch in-process with Spectre consoles over in-memory writers (Spectre.Console.Testing is not on the package source),
/// a given input, and Ctrl+C as a method call. Without a state directory it uses an empty one, never the user's.
/// </summary>
internal sealed class CliHarness : IDisposable
{
    private readonly TempDirectory? _emptyState;

    /// <param name="stateDirectory">Where silo.json is; null for an empty directory.</param>
    /// <param name="input">The lines of an interactive chat.</param>
    /// <param name="interactive">Stdout is a terminal that takes ANSI codes (spinners).</param>
    /// <param name="width">The terminal's width.</param>
    /// <param name="redirected">Stdout goes to a file or pipe, as orch sets it up then (no width to fit, plain text).</param>
    /// <param name="variables">orch's environment variables; null for the test process's own.</param>
    public CliHarness(
        string? stateDirectory = null, string input = "", bool interactive = false, int width = 240, bool redirected = false,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        _emptyState = stateDirectory is null ? new TempDirectory() : null;
        StateDirectory = stateDirectory ?? _emptyState!.Path;
        var outWidth = redirected ? CliEnvironment.RedirectedWidth : width;
        Environment = new CliEnvironment(
            Console(Stdout, interactive, outWidth), Console(Stderr, interactive: false, width), new StringReader(input), StateDirectory, Interrupts, redirected, variables);
    }

    public ObservableWriter Stdout { get; } = new();

    public ObservableWriter Stderr { get; } = new();

    public Interrupts Interrupts { get; } = new();

    public string StateDirectory { get; }

    public CliEnvironment Environment { get; }

    /// <summary>Runs orch with <paramref name="args"/> and returns its exit code.</summary>
    public Task<int> RunAsync(params string[] args) => OrchCli.RunAsync(args, Environment);

    /// <summary>Stdout as one JSON document.</summary>
    public JsonElement Json() => JsonDocument.Parse(Stdout.Text).RootElement;

    /// <summary>Stdout as JSON lines (one document per line).</summary>
    public IReadOnlyList<JsonElement> JsonLines() =>
        [.. Stdout.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];

    public void Dispose()
    {
        Interrupts.Dispose();
        _emptyState?.Dispose();
    }

    private static IAnsiConsole Console(TextWriter writer, bool interactive, int width)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        return console;
    }
}
