using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>
/// A batch of events for one stream of the silo's in-silo stream provider. It never touches storage, but the pulling
/// agent passes it as an argument of a grain call (IStreamConsumerExtension.DeliverBatch), so Orleans copies it for in-silo
/// consumers and serializes it for external clients; hence the generated serializer, and its place in the contract
/// assembly that clients load.
/// </summary>
[GenerateSerializer]
[Alias("Orchestrator.InSiloBatchContainer")]
public sealed class InSiloBatchContainer : IBatchContainer
{
    /// <summary>A batch of <paramref name="events"/> of <paramref name="streamId"/> at <paramref name="sequenceToken"/>.</summary>
    public InSiloBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext, EventSequenceTokenV2 sequenceToken)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
        Token = sequenceToken;
    }

    /// <inheritdoc />
    [Id(0)]
    public StreamId StreamId { get; }

    /// <summary>The events, in order.</summary>
    [Id(1)]
    public List<object> Events { get; }

    /// <summary>Orleans' request context of the publish, if any.</summary>
    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    /// <summary>The batch's position; the concrete type, so per-event tokens derive from it without a cast.</summary>
    [Id(3)]
    public EventSequenceTokenV2 Token { get; }

    /// <inheritdoc />
    public StreamSequenceToken SequenceToken => Token;

    /// <inheritdoc />
    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>()
    {
        // Events of another type are skipped rather than failing the cast, matching the other providers.
        for (var i = 0; i < Events.Count; i++)
        {
            if (Events[i] is T typed)
            {
                yield return Tuple.Create<T, StreamSequenceToken>(typed, Token.CreateSequenceTokenForEvent(i));
            }
        }
    }

    /// <inheritdoc />
    public bool ImportRequestContext()
    {
        if (RequestContext is null)
        {
            return false;
        }

        // The agent clears RequestContext right after handing the batch to the consumer call.
        foreach (var (key, value) in RequestContext)
        {
            Orleans.Runtime.RequestContext.Set(key, value);
        }

        return true;
    }
}
