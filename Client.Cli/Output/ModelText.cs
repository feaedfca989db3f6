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
        ModelStatus.Starting or ModelStatus.Stopping or ModelStatus.Queued => "yellow",
        ModelStatus.Crashed or ModelStatus.Unavailable => "red",
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

    /// <summary>The status as a column shows it: a queued start with its place (<c>Queued #1</c>).</summary>
    public static string StatusCell(ModelView model) =>
        model.Status == ModelStatus.Queued && model.QueuePosition is { } position ? $"Queued #{position}" : model.Status.ToString();

    /// <summary>What the model needs: <c>4096 MB</c> declared, <c>~612 MB</c> estimated, <c>-</c> unknown.</summary>
    public static string Memory(ModelView model) => model.MemoryMb switch
    {
        null => "-",
        { } mb when model.MemorySource?.StartsWith("declared", StringComparison.Ordinal) == true => $"{mb} MB",
        { } mb => $"~{mb} MB",
    };

    /// <summary>A file size: <c>812 MB</c>, <c>4.7 GB</c> (powers of 1024, as llama.cpp prints them).</summary>
    public static string Size(long bytes) => bytes >= 1L << 30
        ? (bytes / (double)(1L << 30)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " GB"
        : Math.Ceiling(bytes / (double)(1L << 20)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " MB";

    /// <summary>A number of seconds, short: <c>90s</c>, <c>5m</c>, <c>2h</c>; <c>-</c> for none.</summary>
    public static string Seconds(int? seconds) => seconds switch
    {
        null => "-",
        { } s when s % 3600 == 0 => $"{s / 3600}h",
        { } s when s % 60 == 0 => $"{s / 60}m",
        { } s => $"{s}s",
    };

    /// <summary>How long a model has been idle: <c>busy</c> with a chat in flight, <c>-</c> when it is not running.</summary>
    public static string Idle(ModelView model, DateTimeOffset now) => model switch
    {
        { Status: ModelStatus.Running, IdleSince: { } since } => Duration(now - since),
        { Status: ModelStatus.Running } => "busy",
        _ => "-",
    };

    /// <summary>How long a model has been Running (since its ready line), <c>-</c> when it is not.</summary>
    public static string Uptime(ModelView model, DateTimeOffset now) =>
        model is { Status: ModelStatus.Running, RunningSince: { } since } ? Duration(now - since) : "-";

    /// <summary>The generation speed of the model's last answer, in tokens per second (<c>-</c> before any).</summary>
    public static string Speed(ModelView model) => model.LastAnswer switch
    {
        null => "-",
        { TokensPerSecond: >= 100 } answer => $"{answer.TokensPerSecond:0}",
        { } answer => $"{answer.TokensPerSecond:0.0}",
    };

    /// <summary>An answer's figures in words: <c>32 tokens at 435.9 tokens/s, first token after 66 ms</c>.</summary>
    public static string Answer(AnswerStats answer) =>
        $"{answer.OutputTokens} tokens at {answer.TokensPerSecond:0.0} tokens/s"
        + (answer.TimeToFirstTokenMs is { } ms ? $", first token after {ms:0} ms" : string.Empty);

    /// <summary>A duration, short and whole: <c>4s</c>, <c>3m12s</c>, <c>2h05m</c>.</summary>
    public static string Duration(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{Math.Max(0, (int)span.TotalSeconds)}s",
        < 3600 => $"{(int)span.TotalMinutes}m{span.Seconds:00}s",
        _ => $"{(int)span.TotalHours}h{span.Minutes:00}m",
    };

    /// <summary>Why the model is where it is: the reason, after the policy that decided it (<c>evicted: ...</c>).</summary>
    public static string? Why(ModelView model) => Why(model.Decision, model.Reason);

    /// <inheritdoc cref="Why(ModelView)"/>
    public static string? Why(string? decision, string? reason) =>
        reason is null ? decision : decision is null ? reason : $"{decision}: {reason}";

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
