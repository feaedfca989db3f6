using Orleans.Streams;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>
/// Where a stream of the orchestrator's provider stands now (key: the provider's name). A subscription that starts at
/// this token misses nothing published after this call. Orleans starts a subscription to a stream that already has
/// events at whatever its pulling agent reaches when it hears of the subscriber, a moment after
/// <c>SubscribeAsync</c> returns; an event published in that moment would be lost without a token.
/// </summary>
[Alias("orch.IStreamPositionGrain")]
public interface IStreamPositionGrain : IGrainWithStringKey
{
    /// <summary>The token of the next event of <paramref name="streamId"/>'s queue.</summary>
    [Alias("GetNext")]
    Task<StreamSequenceToken> GetNextAsync(StreamId streamId);
}
