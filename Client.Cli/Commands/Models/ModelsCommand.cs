using System.CommandLine;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Output;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Models;

/// <summary><c>orch models</c>: every model of models.json with its state, as a table (or a JSON array).</summary>
internal static class ModelsCommand
{
    public static readonly Option<bool> Wide = new("--wide") { Description = "Also show what each GGUF file says: architecture, parameters, trained context, quantisation, file size." };

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("models", "List the models of models.json with their status (queued: its place), memory, ttl, port, pid, since and reason.");
        command.Options.Add(Wide);
        command.Subcommands.Add(Import.ImportCommand.Command);
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var models = await client.ListAsync(cancellationToken);
        var registry = await client.GetRegistryAsync(cancellationToken);
        StartupTrace.Mark("listed");
        if (registry.Error is not null)
        {
            // On stderr, so that --json output stays one JSON array.
            cli.Error.MarkupLine($"[yellow]warning:[/] models.json was edited at {ModelText.Time(registry.ErrorAt!.Value)} but cannot be used; the silo keeps serving the {registry.Models} model(s) it loaded before. Fix the file and save it again:");
            cli.Error.MarkupLine(Markup.Escape(registry.Error));
        }

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

        var columns = parseResult.GetValue(Wide) ? ModelTable.WideColumns : ModelTable.ModelsColumns;
        ModelTable.Write(cli.Out, models, cli.OutputRedirected, ModelTable.WithNodes(columns, models));
        return ExitCodes.Success;
    }
}
