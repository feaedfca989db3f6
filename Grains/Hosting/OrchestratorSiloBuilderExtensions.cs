using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Grains.Cluster;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Streaming;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Hosting;

/// <summary>What a silo needs to host the model grains: the registry, their settings, the stream provider.</summary>
public static class OrchestratorSiloBuilderExtensions
{
    /// <summary>
    /// Adds the model grains over <paramref name="models"/> with <paramref name="options"/>, and the Orleans stream
    /// provider their chats, logs and state changes go through. The silo and the test clusters share this.
    /// </summary>
    public static ISiloBuilder AddOrchestratorGrains(this ISiloBuilder builder, IModelDefinitions models, ModelGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(models);

        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<OrchestratorMetrics>();
        builder.AddOrchestratorStreams();
        // Each node's own grains live on it; a model's grain lives on a node that has its file (Grains/Cluster).
        builder.Services.AddPlacementDirector<NodePlacement, NodePlacementDirector>();
        builder.Services.AddPlacementDirector<ModelPlacement, ModelPlacementDirector>();
        return builder;
    }
}
