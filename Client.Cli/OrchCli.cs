using System.CommandLine;
using Orchestrator.Cli.Commands.Chat;
using Orchestrator.Cli.Commands.Dashboard;
using Orchestrator.Cli.Commands.Doctor;
using Orchestrator.Cli.Commands.Events;
using Orchestrator.Cli.Commands.Logs;
using Orchestrator.Cli.Commands.Models;
using Orchestrator.Cli.Commands.Ps;
using Orchestrator.Cli.Commands.Start;
using Orchestrator.Cli.Commands.Status;
using Orchestrator.Cli.Commands.Stop;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Usage;
using Spectre.Console;

namespace Orchestrator.Cli;

/// <summary>orch's command tree (built once) and its run: parse, usage errors as exit code 2, invoke, errors as exit codes.</summary>
internal static class OrchCli
{
    /// <summary>The command tree (tests walk it to cover every option).</summary>
    internal static readonly RootCommand Root = CreateRoot();

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment)
    {
        var parseResult = Root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var message in UsageErrors.Describe(parseResult))
            {
                environment.Error.MarkupLine($"[red]orch:[/] {Markup.Escape(message)}");
            }

            environment.Error.MarkupLine("Run [bold]orch --help[/] (or [bold]orch <command> --help[/]) for usage.");
            return ExitCodes.Usage;
        }

        var commandToken = environment.Interrupts.CommandToken;
        try
        {
            return await parseResult.InvokeAsync(new CliInvocation(environment), commandToken);
        }
        catch (Exception e)
        {
            return ErrorReport.Report(e, environment.Error, commandToken);
        }
    }

    private static RootCommand CreateRoot()
    {
        var root = new RootCommand($"orch: the command-line client of the Orchestrator silo, which runs local LLMs (llama-server) from models.json.\n{ExitCodes.Summary}")
        {
            ModelsCommand.Command,
            StatusCommand.Command,
            PsCommand.Command,
            StartCommand.Command,
            StopCommand.Command,
            ChatCommand.Command,
            LogsCommand.Command,
            EventsCommand.Command,
            DashboardCommand.Command,
            DoctorCommand.Command,
        };
        root.Options.Add(GlobalOptions.Url);
        root.Options.Add(GlobalOptions.Gateway);
        root.Options.Add(GlobalOptions.Token);
        root.Options.Add(GlobalOptions.Certificate);
        root.Options.Add(GlobalOptions.CertificateKey);
        root.Options.Add(GlobalOptions.CertificateAuthority);
        root.Options.Add(GlobalOptions.ClusterId);
        root.Options.Add(GlobalOptions.Json);
        return root;
    }
}
