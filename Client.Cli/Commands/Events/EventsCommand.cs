using System.CommandLine;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Output;
using Orchestrator.Grains.Interfaces.Events;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Events;

/// <summary><c>orch events</c>: every state change of every model, as it happens, until Ctrl+C.</summary>
internal static class EventsCommand
{
    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("events", "Follow every state change of every model, and each answer's speed, until Ctrl+C (with --json, one JSON object per line).");
        command.SetAction(RunAsync);
        return command;
    }

    private static Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken) =>
        Following.RunAsync(token => FollowAsync(new CliContext(parseResult), token), cancellationToken);

    private static async Task FollowAsync(CliContext cli, CancellationToken cancellationToken)
    {
        await using var client = await cli.ConnectAsync(cancellationToken);
        await using var changes = await client.OpenEventsAsync(cancellationToken);
        cli.Note("[grey]Following state changes; Ctrl+C to stop.[/]");
        await foreach (var change in changes.WithCancellation(cancellationToken))
        {
            Write(cli, change);
        }
    }

    private static void Write(CliContext cli, ModelEventView change)
    {
        if (cli.Json)
        {
            cli.WriteJson(change, CliJsonContext.Default.ModelEventView, indented: false);
            return;
        }

        if (change.Answer is { } answer)
        {
            cli.Out.MarkupLine($"[grey]{answer.At.ToLocalTime():HH:mm:ss.fff}[/] {Markup.Escape(change.Id)} answered: {Markup.Escape(ModelText.Answer(answer))}");
            return;
        }

        var process = change.Pid is null ? string.Empty : $" (port {ModelText.Number(change.Port)}, pid {change.Pid})";
        var why = ModelText.Why(change.Decision, change.Reason);
        var reason = why is null ? string.Empty : $": {Markup.Escape(ModelText.OneLine(why))}";
        cli.Out.MarkupLine($"[grey]{change.Since.ToLocalTime():HH:mm:ss.fff}[/] {Markup.Escape(change.Id)} {change.Previous} -> {ModelText.Status(change.Status)}{(change.QueuePosition is { } position ? $" #{position}" : string.Empty)}{process}{reason}");
    }
}
