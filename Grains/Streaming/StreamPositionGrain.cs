using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Grains.Interfaces.Streaming;
using Orleans.Concurrency;
using Orleans.Providers.Streams.Common;
using Orleans.Streams;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Where a stream of an in-silo provider stands, read from this silo's queue: stateless, so each silo answers locally.
/// The key is the provider's name.
/// </summary>
[StatelessWorker]
internal sealed class StreamPositionGrain(IServiceProvider services) : Grain, IStreamPositionGrain
{
    public Task<StreamSequenceToken> GetNextAsync(StreamId streamId)
    {
        var queues = services.GetRequiredKeyedService<InSiloQueues>(this.GetPrimaryKeyString());
        return Task.FromResult<StreamSequenceToken>(new EventSequenceTokenV2(queues.For(streamId).NextSequenceNumber));
    }
}
