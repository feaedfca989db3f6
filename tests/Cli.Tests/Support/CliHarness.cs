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

    public CliHarness(string? stateDirectory = null, string input = "", bool interactive = false)
    {
        _emptyState = stateDirectory is null ? new TempDirectory() : null;
        StateDirectory = stateDirectory ?? _emptyState!.Path;
        Environment = new CliEnvironment(Console(Stdout, interactive), Console(Stderr, interactive: false), new StringReader(input), StateDirectory, Interrupts);
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

    private static IAnsiConsole Console(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = interactive ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 240;
        return console;
    }
}
