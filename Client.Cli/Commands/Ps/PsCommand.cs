using System.CommandLine;
using Orchestrator.Cli.Output;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Cli.Commands.Ps;

/// <summary><c>orch ps</c>: the models that hold a server or wait for one (like <c>ollama ps</c>), and the budget.</summary>
internal static class PsCommand
{
    public static readonly Command Command = Create();

    private static Command Create()
    {
        var command = new Command("ps", "List the running, starting, stopping and queued models with their memory, uptime, idle time and the speed of their last answer, then the memory budget.");
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
    {
        var cli = new CliContext(parseResult);
        await using var client = await cli.ConnectAsync(cancellationToken);
        var models = (await client.ListAsync(cancellationToken)).Where(m => m.Status is not (ModelStatus.Stopped or ModelStatus.Crashed or ModelStatus.Unavailable)).ToArray();
        var budget = await client.GetBudgetAsync(cancellationToken);
        if (cli.Json)
        {
            cli.WriteJson(new PsView(models, budget), CliJsonContext.Default.PsView);
            return ExitCodes.Success;
        }

        if (models.Length == 0)
        {
            cli.Note("No model is running or queued.");
        }
        else
        {
            var now = DateTimeOffset.UtcNow;
            ModelTable.Write(cli.Out, models, cli.OutputRedirected,
            [
                new("ID", (m, _) => m.Id),
                new("STATUS", (m, _) => ModelText.StatusCell(m)),
                new("MEMORY", (m, _) => ModelText.Memory(m)),
                new("UPTIME", (m, _) => ModelText.Uptime(m, now)),
                new("IDLE", (m, _) => ModelText.Idle(m, now)),
                new("TOK/S", (m, _) => ModelText.Speed(m)),
                new("TTL", (m, _) => ModelText.Seconds(m.TtlSeconds)),
                new("PORT", (m, _) => ModelText.Number(m.Port)),
                new("PID", (m, _) => ModelText.Number(m.Pid)),
            ]);
        }

        var memory = budget.MemoryBudgetMb > 0 ? $"{budget.MemoryInUseMb} of {budget.MemoryBudgetMb} MB" : $"{budget.MemoryInUseMb} MB (no budget)";
        var count = budget.MaxRunningModels > 0 ? $"{budget.RunningModels} of {budget.MaxRunningModels} models" : $"{budget.RunningModels} model(s)";
        cli.Note($"[grey]memory in use: {memory}; {count} holding a server; {budget.Queue.Count} queued[/]");
        return ExitCodes.Success;
    }
}

/// <summary><c>orch ps --json</c>: the models shown and the budget.</summary>
internal sealed record PsView(ModelView[] Models, Grains.Interfaces.Budget.BudgetView Budget);
