using System.CommandLine;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Output;
using Orchestrator.Cli.Usage;
using Orchestrator.Client;
using Orchestrator.Grains.Interfaces.Logs;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Logs;

/// <summary><c>orch logs &lt;id&gt; [--tail N] [-f]</c>: a model server's recent output, and with <c>--follow</c> every new line until Ctrl+C.</summary>
internal static class LogsCommand
{
    public static readonly Argument<string> Id = new("id") { Description = "The model's full_identifier (see orch models)." };

    public static readonly Option<int> Tail = NumberOptions.WholeNumber(
        "--tail", "How many of the last lines to show.", minimum: 0, OrchestratorClient.DefaultLogTail, "-n");

    public static readonly Option<bool> Follow = new("--follow", "-f")
    {
        Description = "Keep printing new lines as the server writes them, until Ctrl+C.",
    };

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("logs", "Show a model server's recent output (stdout and stderr).") { Id, Tail, Follow };
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        parseResult.GetValue(Follow)
            ? Following.RunAsync(token => FollowAsync(parseResult, token), cancellationToken)
            : ShowAsync(parseResult, cancellationToken);

    private static async Task<int> ShowAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var lines = await client.GetLogsAsync(parseResult.GetRequiredValue(Id), parseResult.GetValue(Tail), cancellationToken);
        if (cli.Json)
        {
            cli.WriteJson(lines.ToArray(), CliJsonContext.Default.LogLineArray);
            return ExitCodes.Success;
        }

        foreach (var line in lines)
        {
            Write(cli, line);
        }

        return ExitCodes.Success;
    }

    private static async Task FollowAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        var id = parseResult.GetRequiredValue(Id);
        await using var client = await cli.ConnectAsync(cancellationToken);
        await using var follow = await client.OpenLogsAsync(id, parseResult.GetValue(Tail), cancellationToken);
        cli.Note($"[grey]Following the output of {Markup.Escape(id)}; Ctrl+C to stop.[/]");
        await foreach (var line in follow.WithCancellation(cancellationToken))
        {
            Write(cli, line);
        }
    }

    private static void Write(CliContext cli, LogLine line)
    {
        if (cli.Json)
        {
            cli.WriteJson(line, CliJsonContext.Default.LogLine, indented: false);
            return;
        }

        // Written raw, not as a Spectre renderable: a long line must stay one line (no wrapping at the console width).
        var writer = cli.Out.Profile.Out.Writer;
        writer.WriteLine($"{line.Timestamp.ToLocalTime():HH:mm:ss.fff} {line.Text}");
        writer.Flush();
    }
}
