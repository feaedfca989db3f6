using Orchestrator.Grains.Interfaces.Models;
using Spectre.Console;

namespace Orchestrator.Cli.Output;

/// <summary>One model's view as label/value lines (<c>orch status</c>, <c>start</c>, <c>stop</c>).</summary>
internal static class ModelCard
{
    public static void Write(IAnsiConsole console, ModelView model)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        grid.AddRow("[grey]id[/]", Markup.Escape(model.Id));
        grid.AddRow("[grey]status[/]", model.QueuePosition is { } position ? $"{ModelText.Status(model.Status)} (#{position} in the start queue)" : ModelText.Status(model.Status));
        grid.AddRow("[grey]port[/]", ModelText.Number(model.Port));
        grid.AddRow("[grey]pid[/]", ModelText.Number(model.Pid));
        grid.AddRow("[grey]since[/]", ModelText.Time(model.Since));
        grid.AddRow("[grey]model[/]", Markup.Escape($"{model.Provider}/{model.Library}/{model.Name}:{model.Version}"));
        grid.AddRow("[grey]memory[/]", Markup.Escape(model.MemoryMb is null ? model.MemorySource ?? "-" : $"{model.MemoryMb} MB, {model.MemorySource}"));
        grid.AddRow("[grey]ttl[/]", Markup.Escape(model.TtlSeconds is { } ttl ? $"{ttl} s" : "none (never stopped for being idle)"));
        if (model.Group is not null)
        {
            grid.AddRow("[grey]group[/]", Markup.Escape(model.Group));
        }

        if (model.Status == ModelStatus.Running)
        {
            grid.AddRow("[grey]uptime[/]", ModelText.Uptime(model, DateTimeOffset.UtcNow));
            grid.AddRow("[grey]idle[/]", ModelText.Idle(model, DateTimeOffset.UtcNow));
        }

        if (model.LastAnswer is { } answer)
        {
            grid.AddRow("[grey]last answer[/]", Markup.Escape($"{ModelText.Answer(answer)} ({ModelText.Time(answer.At)})"));
        }

        if (ModelText.Why(model) is { } why)
        {
            grid.AddRow("[grey]reason[/]", Markup.Escape(why));
        }

        console.Write(grid);
    }
}
