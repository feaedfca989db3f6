using System.CommandLine;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Output;

namespace Orchestrator.Cli.Commands.Models;

/// <summary><c>orch models</c>: every model of models.json with its state, as a table (or a JSON array).</summary>
internal static class ModelsCommand
{
    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("models", "List the models of models.json with their status, port, pid, since and crash reason.");
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var models = await client.ListAsync(cancellationToken);
        StartupTrace.Mark("listed");
        if (cli.Json)
        {
            cli.WriteJson(models.ToArray(), CliJsonContext.Default.ModelViewArray);
            return ExitCodes.Success;
        }

        if (models.Count == 0)
        {
            cli.Note("models.json lists no models.");
            return ExitCodes.Success;
        }

        ModelTable.Write(cli.Out, models, cli.OutputRedirected);
        return ExitCodes.Success;
    }
}
