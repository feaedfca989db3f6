using Orchestrator.Grains.Interfaces.Gguf;
using Orchestrator.Grains.Interfaces.Models;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>
/// <c>orch models</c> (and <c>orch ps</c>, with its own columns) as columns that fit. On a terminal each model is one line within the console's width: ids whole (they
/// are what the other commands take), the crash reason cut to the room that is left or, with too little, under the table;
/// on a very narrow terminal the last columns go (orch status shows them). Redirected: plain columns without REASON, then
/// each full crash reason on lines of its own that begin with the model's id, so a grep for an id finds its row and reason.
/// </summary>
internal static class ModelTable
{
    private const string Gap = "  ";

    // Less room than this shows too little of a reason to be worth a column.
    private const int MinReasonWidth = 16;

    // ID and STATUS are what a model's line is about; the columns after them give way, the last first, on a narrow terminal.
    private const int KeptColumns = 2;

    /// <summary>The columns of <c>orch models</c>: the model's state, what it needs, its policy, its process.</summary>
    public static readonly ModelColumn[] ModelsColumns =
    [
        new("ID", (m, _) => m.Id),
        new("STATUS", (m, _) => ModelText.StatusCell(m)),
        new("MEMORY", (m, _) => ModelText.Memory(m)),
        new("TTL", (m, _) => ModelText.Seconds(m.TtlSeconds)),
        new("PORT", (m, _) => ModelText.Number(m.Port)),
        new("PID", (m, _) => ModelText.Number(m.Pid)),
        new("SINCE", (m, redirected) => redirected ? ModelText.Time(m.Since) : ModelText.ShortTime(m.Since)),
        new("UPTIME", (m, _) => ModelText.Uptime(m, DateTimeOffset.UtcNow)) { GivesWayToReason = true },
        new("TOK/S", (m, _) => ModelText.Speed(m)) { GivesWayToReason = true },
    ];

    /// <summary><c>orch models --wide</c>: the columns of <see cref="ModelsColumns"/> with the GGUF header's facts after MEMORY.</summary>
    public static readonly ModelColumn[] WideColumns =
    [
        .. ModelsColumns.Take(3),
        new("ARCH", (m, _) => m.Facts?.Architecture ?? "-"),
        new("PARAMS", (m, _) => GgufFacts.Parameters(m.Facts?.ParameterCount)),
        new("CTX", (m, _) => ModelText.Number((int?)m.Facts?.ContextLength)),
        new("QUANT", (m, _) => m.Facts?.Quantization ?? "-"),
        new("SIZE", (m, _) => m.Facts is { } facts ? ModelText.Size(facts.FileSizeBytes) : "-"),
        .. ModelsColumns.Skip(3),
    ];

    /// <summary>
    /// <paramref name="columns"/> with NODE after STATUS when the models come from more than one node (a cluster): where each
    /// runs, and "+N" when N other nodes list it too.
    /// </summary>
    public static ModelColumn[] WithNodes(ModelColumn[] columns, IReadOnlyList<ModelView> models) =>
        models.SelectMany(m => m.Nodes.Append(m.Node ?? string.Empty)).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Count() > 1
            ? [.. columns.Take(KeptColumns), new("NODE", (m, _) => NodeCell(m)), .. columns.Skip(KeptColumns)]
            : columns;

    private static string NodeCell(ModelView model)
    {
        var others = model.Nodes.Count(n => n != model.Node);
        return (model.Node ?? "-") + (others > 0 ? $" +{others}" : string.Empty);
    }

    public static void Write(IAnsiConsole console, IReadOnlyList<ModelView> models, bool redirected) =>
        Write(console, models, redirected, ModelsColumns);

    public static void Write(IAnsiConsole console, IReadOnlyList<ModelView> models, bool redirected, ModelColumn[] columnsShown)
    {
        var header = columnsShown.Select(c => c.Title).ToArray();
        var rows = models.Select(m => columnsShown.Select(c => c.Value(m, redirected)).ToArray()).ToList();
        var widths = header.Select((title, column) => rows.Select(row => row[column].Length).Append(title.Length).Max()).ToArray();
        // One column spare: a line exactly as wide as the terminal makes some terminals wrap before the newline.
        var room = redirected ? int.MaxValue : console.Profile.Width - 1;
        var columns = header.Length;
        while (columns > KeptColumns && TableWidth(widths, columns) > room)
        {
            columns--;
        }

        // A crash reason beside its model is worth more than the figures that give way to it (uptime, speed).
        while (!redirected && models.Any(HasReason) && columns > KeptColumns && columnsShown[columns - 1].GivesWayToReason
               && room - TableWidth(widths, columns) - Gap.Length < MinReasonWidth)
        {
            columns--;
        }

        var reasonWidth = room - TableWidth(widths, columns) - Gap.Length;
        var reasonColumn = !redirected && reasonWidth >= MinReasonWidth && models.Any(HasReason);
        console.MarkupLine($"[bold]{Line(header, widths, columns, reasonColumn ? "REASON" : null)}[/]");
        for (var i = 0; i < models.Count; i++)
        {
            var reason = reasonColumn && HasReason(models[i]) ? Cut(console, ModelText.OneLine(ModelText.Why(models[i])!), reasonWidth) : null;
            console.MarkupLine(Line(rows[i], widths, columns, reason, ModelText.StatusColor(models[i].Status)));
        }

        if (!reasonColumn)
        {
            WriteReasons(console, models, redirected);
        }
    }

    private static int TableWidth(int[] widths, int columns) => widths.Take(columns).Sum() + (Gap.Length * (columns - 1));

    /// <summary>
    /// One line of markup: the first <paramref name="columns"/> cells padded to their widths (not the last, so no line ends in
    /// spaces) and escaped, the status (the second cell) in its colour; the padding counts only the visible letters.
    /// </summary>
    private static string Line(string[] cells, int[] widths, int columns, string? reason, string? statusColor = null)
    {
        var last = reason is null ? columns - 1 : columns;
        var parts = cells.Take(columns).Select((cell, column) => Markup.Escape(column == last ? cell : cell.PadRight(widths[column]))).ToList();
        if (statusColor is not null)
        {
            parts[1] = $"[{statusColor}]{parts[1]}[/]";
        }

        if (reason is not null)
        {
            parts.Add(Markup.Escape(reason));
        }

        return string.Join(Gap, parts);
    }

    private static void WriteReasons(IAnsiConsole console, IReadOnlyList<ModelView> models, bool redirected)
    {
        var crashed = models.Where(HasReason).ToList();
        if (crashed.Count == 0)
        {
            return;
        }

        console.WriteLine();
        foreach (var model in crashed)
        {
            if (redirected)
            {
                // Raw, not markup: the reason's lines (the server's last output) stay exactly as they were, however long.
                var writer = console.Profile.Out.Writer;
                writer.WriteLine($"{model.Id}: {ModelText.Why(model)}");
                writer.Flush();
            }
            else
            {
                // A terminal gets the reason in one line, wrapped at its width; orch status shows all of it.
                console.MarkupLine(Markup.Escape($"{model.Id}: {ModelText.OneLine(ModelText.Why(model)!)}"));
            }
        }
    }

    private static string Cut(IAnsiConsole console, string text, int width)
    {
        var ellipsis = console.Profile.Capabilities.Unicode ? "…" : "...";
        return text.Length <= width ? text : string.Concat(text.AsSpan(0, width - ellipsis.Length), ellipsis);
    }

    private static bool HasReason(ModelView model) => !string.IsNullOrEmpty(model.Reason);
}

/// <summary>A column of the table: its title and each model's cell (the flag: output is redirected).</summary>
internal sealed record ModelColumn(string Title, Func<ModelView, bool, string> Value)
{
    /// <summary>On a terminal, dropped (from the last) when that leaves room for the REASON column.</summary>
    public bool GivesWayToReason { get; init; }
}
