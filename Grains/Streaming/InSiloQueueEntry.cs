namespace Orchestrator.Grains.Streaming;

/// <summary>
/// What a producer hands to an in-process queue. The sequence token is stamped later by the single reader so
/// that token order always equals queue order without a lock on the publish path.
/// </summary>
internal sealed record InSiloQueueEntry(StreamId StreamId, List<object> Events, Dictionary<string, object>? RequestContext);
