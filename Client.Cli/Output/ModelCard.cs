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
        grid.AddRow("[grey]status[/]", ModelText.Status(model.Status));
        grid.AddRow("[grey]port[/]", ModelText.Number(model.Port));
        grid.AddRow("[grey]pid[/]", ModelText.Number(model.Pid));
        grid.AddRow("[grey]since[/]", ModelText.Time(model.Since));
        grid.AddRow("[grey]model[/]", Markup.Escape($"{model.Provider}/{model.Library}/{model.Name}:{model.Version}"));
        if (model.Reason is not null)
        {
            grid.AddRow("[grey]reason[/]", Markup.Escape(model.Reason));
        }

        console.Write(grid);
    }
}
