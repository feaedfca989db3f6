using Orchestrator.Grains.Interfaces.Models;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>How models and times read on a console. Every value that goes into markup is escaped here.</summary>
internal static class ModelText
{
    public static string Status(ModelStatus status) => $"[{StatusColor(status)}]{status}[/]";

    /// <summary>The colour a status is shown in: green when it serves, yellow on the way, red when it failed.</summary>
    public static string StatusColor(ModelStatus status) => status switch
    {
        ModelStatus.Running => "green",
        ModelStatus.Starting or ModelStatus.Stopping => "yellow",
        ModelStatus.Crashed => "red",
        _ => "grey",
    };

    public static string Time(DateTimeOffset time) => time.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss");

    /// <summary>A time in a column on a terminal: the time of day when it is today, else the date.</summary>
    public static string ShortTime(DateTimeOffset time)
    {
        var local = time.ToLocalTime();
        return local.ToString(local.Date == DateTime.Today ? "HH:mm:ss" : "yyyy-MM-dd");
    }

    public static string Number(int? value) => value?.ToString() ?? "-";

    /// <summary>
    /// A crash reason in one line, not escaped: its first line (what happened) and, when the server's last output follows,
    /// the last line of it, which is usually the error itself. <c>orch status</c> shows the whole reason.
    /// </summary>
    public static string OneLine(string reason)
    {
        var lines = reason.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length switch
        {
            0 => string.Empty,
            1 => lines[0],
            _ => $"{lines[0]} {lines[^1]}",
        };
    }

    public static string Id(string id) => $"[bold]{Markup.Escape(id)}[/]";
}
