using System.CommandLine;
using Orchestrator.Cli.Output;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Dashboard;

/// <summary>
/// <c>orch dashboard [--print-url]</c>: asks the silo for a one-time sign-in link to its web page and opens it in the
/// browser (or prints it). The link holds no token: it is good once, within a minute, for a session cookie.
/// </summary>
internal static class DashboardCommand
{
    public static readonly Option<bool> PrintUrl = new("--print-url")
    {
        Description = "Print the one-time sign-in URL instead of opening a browser (open it within a minute; it works once).",
    };

    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("dashboard", "Open the silo's web page in your browser, signed in (a one-time link: once, within a minute).") { PrintUrl };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var link = await client.CreateDashboardLinkAsync(cancellationToken);
        var expires = link.ExpiresAt.ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        if (cli.Json)
        {
            cli.WriteJson(link, CliJsonContext.Default.DashboardLink);
            return ExitCodes.Success;
        }

        if (parseResult.GetValue(PrintUrl))
        {
            cli.Out.WriteLine(link.Url);
            cli.Note($"[grey]A one-time link: it works once, until {expires}. Run orch dashboard again for another.[/]");
            return ExitCodes.Success;
        }

        var page = new Uri(new Uri(link.Url), "/");
        if (await BrowserLauncher.OpenAsync(link.Url, cli.Variable("BROWSER"), cancellationToken) is { } failure)
        {
            cli.Note($"[yellow]Could not open a browser:[/] {Markup.Escape(failure)}.");
            cli.Out.WriteLine(link.Url);
            cli.Note($"[grey]Open the link above in your browser by {expires}; it works once.[/]");
            return ExitCodes.Success;
        }

        cli.Out.MarkupLine($"Opened the dashboard at {Markup.Escape(page.ToString())} in your browser (signed in with a one-time link).");
        return ExitCodes.Success;
    }
}
