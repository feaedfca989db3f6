using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.Grains.Streaming;

/// <summary>
/// Registers the in-silo stream provider: persistent-stream semantics (pub-sub, explicit and implicit subscriptions,
/// external client consumers) with in-process queues whose pulling agent is woken by the publish instead of a timer.
/// </summary>
public static class InSiloStreamsExtensions
{
    /// <summary>The grain storage name Orleans' pub-sub uses when no storage is named after the provider.</summary>
    public const string PubSubStoreName = "PubSubStore";

    /// <summary>
    /// Adds the in-silo stream provider <paramref name="name"/> to a silo, plus an in-memory "PubSubStore" grain
    /// storage if none is registered yet (pub-sub state then lives only as long as the cluster).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">Stream provider name, as passed to GetStreamProvider.</param>
    /// <param name="configure">Optional provider settings.</param>
    /// <returns>The silo builder.</returns>
    public static ISiloBuilder AddInSiloStreams(this ISiloBuilder builder, string name, Action<InSiloStreamsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        var options = new InSiloStreamsOptions();
        configure?.Invoke(options);
        builder.Services.AddOptions<InSiloStreamsOptions>(name).Configure(o =>
        {
            o.LongPollTimeout = options.LongPollTimeout;
            o.PullingPeriod = options.PullingPeriod;
            o.CacheSize = options.CacheSize;
            o.QueueCount = options.QueueCount;
        });

        builder.Services.AddKeyedSingleton(name, (_, _) => InSiloQueueAdapterFactory.NewQueues(name, options));

        // Pub-sub resolves its storage by the provider name first, then "PubSubStore"; keyed lookup tells us
        // whether the application already registered a durable one that must not be shadowed.
        if (!builder.Services.Any(d => d.IsKeyedService && d.ServiceType == typeof(Orleans.Storage.IGrainStorage) && (Equals(d.ServiceKey, PubSubStoreName) || Equals(d.ServiceKey, name))))
        {
            builder.AddMemoryGrainStorage(PubSubStoreName);
        }

        return builder.AddPersistentStreams(name, InSiloQueueAdapterFactory.CreateForSilo, configurator =>
        {
            configurator.ConfigurePartitionBalancing((_, _) => new InSiloQueueBalancer());
            configurator.ConfigurePullingAgent(ob => ob.Configure(o =>
            {
                // With the long-poll the timer only restarts a pump that exited early (cold-stream registration
                // in flight, cache under pressure), so this period is the delay of those restarts, not a poll rate.
                o.GetQueueMsgsTimerPeriod = options.PullingPeriod;
            }));
        });
    }
}
