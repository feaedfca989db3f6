using System.Threading.Channels;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Models;

public sealed partial class ModelGrain
{
    /// <summary>Everything the grain does arrives as one of these; <see cref="Fail"/> answers a caller when handling throws.</summary>
    private abstract record Message
    {
        public virtual void Fail(Exception error)
        {
        }
    }

    private abstract record Request<T>(TaskCompletionSource<T> Reply) : Message
    {
        public override void Fail(Exception error) => Reply.TrySetException(error);
    }

    private sealed record GetState(TaskCompletionSource<ModelState> Reply) : Request<ModelState>(Reply);

    private sealed record Start(TaskCompletionSource<ModelState> Reply) : Request<ModelState>(Reply);

    private sealed record Stop(TaskCompletionSource<ModelState> Reply) : Request<ModelState>(Reply);

    private sealed record GetLogs(int Tail, TaskCompletionSource<IReadOnlyList<LogLine>> Reply) : Request<IReadOnlyList<LogLine>>(Reply);

    private sealed record FollowLogs(int Tail, Channel<LogLine> Sink, TaskCompletionSource<bool> Reply) : Request<bool>(Reply);

    private sealed record UnfollowLogs(Channel<LogLine> Sink) : Message;

    /// <summary>The spawner started process generation <paramref name="Generation"/>.</summary>
    private sealed record Spawned(long Generation, ChildProcess Child) : Message;

    private sealed record SpawnFailed(long Generation, string Reason) : Message;

    private sealed record OutputLine(long Generation, LogSource Source, string Text, DateTimeOffset At) : Message;

    private sealed record Exited(long Generation, int ExitCode) : Message;

    private sealed record LoadTimedOut(long Generation) : Message;

    /// <summary>A stop's next step: a second SIGTERM (<paramref name="Kill"/> false) or SIGKILL of the tree.</summary>
    private sealed record EscalateStop(long Generation, bool Kill) : Message;
}
