using System.CommandLine;
using Orchestrator.Cli.Output;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Stop;

/// <summary><c>orch stop &lt;id&gt;</c>: stops a model's server (its chats end first); a no-op when it is not running.</summary>
internal static class StopCommand
{
    public static readonly Argument<string> Id = new("id") { Description = "The model's full_identifier (see orch models)." };

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("stop", "Stop a model's server; returns once no process is left (also when it was not running).") { Id };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var model = await client.StopAsync(parseResult.GetRequiredValue(Id), cancellationToken);
        if (cli.Json)
        {
            cli.WriteJson(model, CliJsonContext.Default.ModelView);
        }
        else
        {
            cli.Out.MarkupLine($"{ModelText.Id(model.Id)} is {ModelText.Status(model.Status)}");
        }

        return ExitCodes.Success;
    }
}
