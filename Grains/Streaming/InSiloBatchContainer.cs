using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// A batch of events for one stream. It never touches storage, but the pulling agent passes it as an argument
/// of a grain call (IStreamConsumerExtension.DeliverBatch), so Orleans copies it for in-silo consumers and
/// serializes it for external clients; hence the generated serializer.
/// </summary>
[GenerateSerializer]
[Alias("Orchestrator.InSiloBatchContainer")]
internal sealed class InSiloBatchContainer : IBatchContainer
{
    public InSiloBatchContainer(StreamId streamId, List<object> events, Dictionary<string, object>? requestContext, EventSequenceTokenV2 sequenceToken)
    {
        StreamId = streamId;
        Events = events;
        RequestContext = requestContext;
        Token = sequenceToken;
    }

    [Id(0)]
    public StreamId StreamId { get; }

    [Id(1)]
    public List<object> Events { get; }

    [Id(2)]
    public Dictionary<string, object>? RequestContext { get; }

    // Concrete type kept separately so per-event tokens can be derived without a cast.
    [Id(3)]
    public EventSequenceTokenV2 Token { get; }

    public StreamSequenceToken SequenceToken => Token;

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
