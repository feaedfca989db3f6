namespace Orchestrator.Grains.Interfaces.Logs;

/// <summary>One line of a model server's output, as captured (long lines are cut, see the grain options).</summary>
/// <param name="Sequence">Increases by one per line of the model, across restarts, so a follower can tell what it missed.</param>
/// <param name="Timestamp">When the line was read.</param>
/// <param name="Source">stdout or stderr.</param>
/// <param name="Text">The line without its end-of-line characters.</param>
public sealed record LogLine(long Sequence, DateTimeOffset Timestamp, LogSource Source, string Text);
