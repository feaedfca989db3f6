using System.CommandLine;
using System.Diagnostics;
using Orchestrator.Cli.Output;
using Orchestrator.Client;
using Orchestrator.Grains.Interfaces.Models;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Start;

/// <summary>
/// <c>orch start &lt;id&gt;</c>: starts a model and returns once it is Running, with a spinner and the elapsed time meanwhile.
/// A failure prints the crash reason (the server's last stderr lines) and exits 1.
/// </summary>
internal static class StartCommand
{
    public static readonly Argument<string> Id = new("id") { Description = "The model's full_identifier (see orch models)." };

    public static readonly Command Command = Create();

    private static readonly TimeSpan SpinnerRefresh = TimeSpan.FromMilliseconds(100);

    private static Command Create()
    {
        var command = new Command("start", "Start a model's server and wait until it is Running (at once if it already is).") { Id };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        var id = parseResult.GetRequiredValue(Id);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var model = cli.Json || !cli.Out.Profile.Capabilities.Interactive
            ? await client.StartAsync(id, cancellationToken)
            : await cli.Out.Status().Spinner(Spinner.Known.Dots).StartAsync(
                $"Starting {Markup.Escape(id)}", context => StartWithElapsedAsync(client, id, context, clock, cancellationToken));
        if (cli.Json)
        {
            cli.WriteJson(model, CliJsonContext.Default.ModelView);
        }
        else
        {
            cli.Out.MarkupLine($"{ModelText.Id(model.Id)} is {ModelText.Status(model.Status)} on port {ModelText.Number(model.Port)} " +
                $"(pid {ModelText.Number(model.Pid)}) [grey]after {clock.Elapsed.TotalSeconds:F1}s[/]");
        }

        return ExitCodes.Success;
    }

    private static async Task<ModelView> StartWithElapsedAsync(
        OrchestratorClient client, string id, StatusContext context, Stopwatch clock, CancellationToken cancellationToken)
    {
        var start = client.StartAsync(id, cancellationToken);
        // The timer only repaints the elapsed time; the start's own completion ends the wait.
        using var refresh = new PeriodicTimer(SpinnerRefresh);
        while (!start.IsCompleted)
        {
            await Task.WhenAny(start, refresh.WaitForNextTickAsync(cancellationToken).AsTask());
            context.Status($"Starting {Markup.Escape(id)} [grey]({clock.Elapsed.TotalSeconds:F1}s)[/]");
        }

        return await start;
    }
}
