namespace Orchestrator.Grains.Interfaces.Logs;

/// <summary>One line of a model server's output, as captured (long lines are cut, see the grain options).</summary>
/// <param name="Sequence">Increases by one per line of the model, across restarts, so a follower can tell what it missed.</param>
/// <param name="Timestamp">When the line was read.</param>
/// <param name="Source">stdout or stderr.</param>
/// <param name="Text">The line without its end-of-line characters.</param>
[GenerateSerializer, Immutable, Alias("orch.LogLine")]
public sealed record LogLine([property: Id(0)] long Sequence, [property: Id(1)] DateTimeOffset Timestamp, [property: Id(2)] LogSource Source, [property: Id(3)] string Text);
