using System.CommandLine;
using Orchestrator.Cli.Output;
using Orchestrator.Cli.Usage;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>
/// <c>orch doctor</c>: checks what a first run needs (a silo, llama-server, models.json and its model files, free ports),
/// one line each, with how to fix what fails. Exits 0 when every check passes, 1 otherwise.
/// </summary>
internal static class DoctorCommand
{
    public static readonly Option<string> Models = new("--models")
    {
        Description = "The models.json to check, as the silo would read it (relative to this folder).",
        DefaultValueFactory = _ => "models.json",
    };

    // The silo's defaults (SiloOptions: HTTP 8780, Orleans silo port 8781, Orleans client gateway 8782).
    public static readonly Option<int> Port = PortOption("--port", "The silo's HTTP port to check.", 8780);

    public static readonly Option<int> SiloPort = PortOption("--silo-port", "The silo's Orleans silo-to-silo port to check.", 8781);

    public static readonly Option<int> GatewayPort = PortOption("--gateway-port", "The silo's Orleans gateway port to check.", 8782);

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("doctor", "Check what a first run needs: the silo, llama-server, models.json and its model files, free ports.")
        {
            Models, Port, SiloPort, GatewayPort,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        var (silo, siloRunning) = await SiloCheck.RunAsync(cli, cancellationToken);
        PortChecks.SiloPort[] ports =
        [
            new(parseResult.GetValue(Port), "HTTP", "--port"),
            new(parseResult.GetValue(SiloPort), "silo", "--silo-port"),
            new(parseResult.GetValue(GatewayPort), "gateway", "--gateway-port"),
        ];
        DoctorCheck[] checks =
        [
            silo,
            await LlamaServerCheck.RunAsync(cli, cancellationToken),
            .. ModelFileChecks.Run(parseResult.GetRequiredValue(Models)),
            .. PortChecks.Run(ports, siloRunning),
        ];

        if (cli.Json)
        {
            cli.WriteJson(checks, CliJsonContext.Default.DoctorCheckArray);
        }
        else
        {
            Write(cli, checks);
        }

        return checks.All(c => c.Ok) ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void Write(CliContext cli, DoctorCheck[] checks)
    {
        // Redirected output is read by scripts and grep: words, not symbols.
        var (pass, fail) = cli.OutputRedirected ? ("OK  ", "FAIL") : ("[green]✓[/]", "[red]✗[/]");
        foreach (var check in checks)
        {
            cli.Out.MarkupLine($"{(check.Ok ? pass : fail)} {Markup.Escape(check.Check)}: {Markup.Escape(check.Detail)}");
            if (check.Fix is { } fix)
            {
                cli.Out.MarkupLine($"     [yellow]fix:[/] {Markup.Escape(fix)}");
            }
        }

        var failed = checks.Count(c => !c.Ok);
        cli.Out.MarkupLine(failed == 0 ? $"All {checks.Length} checks passed." : $"{failed} of {checks.Length} checks failed.");
    }

    private static Option<int> PortOption(string name, string description, int defaultPort) =>
        NumberOptions.WholeNumber(name, description, minimum: 1, maximum: 65535, defaultPort);
}
