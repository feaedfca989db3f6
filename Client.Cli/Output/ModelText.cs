using Orchestrator.Grains.Interfaces.Models;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>How models and times read on a console. Every value that goes into markup is escaped here.</summary>
internal static class ModelText
{
    public static string Status(ModelStatus status) => status switch
    {
        ModelStatus.Running => "[green]Running[/]",
        ModelStatus.Starting => "[yellow]Starting[/]",
        ModelStatus.Stopping => "[yellow]Stopping[/]",
        ModelStatus.Crashed => "[red]Crashed[/]",
        _ => "[grey]Stopped[/]",
    };

    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");

    public static string Number(int? value) => value?.ToString() ?? "-";

    /// <summary>The first line of a crash reason (the rest is the server's stderr tail; <c>orch status</c> shows it whole).</summary>
    public static string FirstLine(string? text) => Markup.Escape(text?.Split('\n', 2)[0] ?? string.Empty);

    public static string Id(string id) => $"[bold]{Markup.Escape(id)}[/]";
}
