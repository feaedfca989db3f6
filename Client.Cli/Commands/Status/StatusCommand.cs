using System.CommandLine;
using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands.Status;

/// <summary><c>orch status &lt;id&gt;</c>: one model's state.</summary>
internal static class StatusCommand
{
    public static readonly Argument<string> Id = new("id") { Description = "The model's full_identifier (see orch models)." };

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("status", "Show one model's status, port, pid, since and crash reason.") { Id };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var model = await client.GetAsync(parseResult.GetRequiredValue(Id), cancellationToken);
        if (cli.Json)
        {
            cli.WriteJson(model, CliJsonContext.Default.ModelView);
        }
        else
        {
            ModelCard.Write(cli.Out, model);
        }

        return ExitCodes.Success;
    }
}
