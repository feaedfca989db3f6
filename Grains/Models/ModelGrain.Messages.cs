using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Models;

public sealed partial class ModelGrain
{
    /// <summary>What a foreign thread (the spawner, a pipe reader, the exit watcher, a chat or probe task) tells the grain.</summary>
    private abstract record Message;

    /// <summary>The spawner started process generation <paramref name="Generation"/>.</summary>
    private sealed record Spawned(long Generation, ChildProcess Child) : Message;

    private sealed record SpawnFailed(long Generation, string Reason) : Message;

    private sealed record OutputLine(long Generation, LogSource Source, string Text, DateTimeOffset At) : Message;

    private sealed record Exited(long Generation, int ExitCode) : Message;

    private sealed record ChatEnded(Guid ChatId) : Message;

    private sealed record HealthProbed(long Generation, string? Miss) : Message;
}
