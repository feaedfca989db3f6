using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orleans.Diagnostics;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Silo.Telemetry;

/// <summary>
/// OpenTelemetry for the silo. Metrics (the orchestrator's, Orleans', the .NET runtime's and process's) are collected only
/// when <see cref="MetricsPath"/> is scraped, behind the same token as <c>/v1</c>. Traces and OTLP export exist only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: otherwise nothing listens to an activity and none is created.
/// </summary>
internal static class SiloTelemetry
{
    /// <summary>The Prometheus scrape endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>The standard OpenTelemetry variable that turns OTLP export (metrics, traces, logs) on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Orleans' meter: messaging, grains, streams, scheduler.</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>.NET's own meter (built in since .NET 9): process CPU time and memory, GC, thread pool, exceptions.</summary>
    private const string RuntimeMeter = "System.Runtime";

    /// <summary>
    /// Tag combinations kept per instrument. OpenTelemetry allocates every stream's points up front (2000 by default):
    /// with Orleans' and .NET's ~80 instruments that was +14 MB of idle memory (bench P9b). The orchestrator's own tag
    /// sets grow with the models (a model × an outcome × an error type); others have a handful.
    /// </summary>
    private const int OwnCardinalityLimit = 500;

    private const int OtherCardinalityLimit = 50;

    private static readonly string[] PerMessageInstruments = ["orleans-messaging-sent-messages-size", "orleans-messaging-received-messages-size"];

    private static readonly string[] TracedSources =
    [
        OrchestratorTracing.SourceName,
        ActivitySources.RuntimeActivitySourceName,
        ActivitySources.ApplicationGrainActivitySourceName,
        "System.Net.Http", // the upstream request of a chat, inside the chat's activity
    ];

    /// <summary>True when OTLP export is configured (the variable, or the same key in configuration).</summary>
    public static bool ExportsOtlp(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);

    public static void AddSiloTelemetry(this IServiceCollection services, bool otlp)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("orchestrator-silo"))
            .WithMetrics(metrics => metrics
                .AddMeter(OrchestratorMetrics.MeterName, OrleansMeter, RuntimeMeter)
                .AddView(View)
                // A scrape reads current figures: no cached answer (the default caches for 300 ms).
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        if (otlp)
        {
            AddOtlp(telemetry);
        }
    }

    /// <summary>
    /// Every instrument with its cardinality limit; Orleans' two per-message histograms are left out: each message (a
    /// token, through the gateway) would record its size with three tags, two of them enum names turned into strings.
    /// </summary>
    private static MetricStreamConfiguration View(Instrument instrument) =>
        instrument.Meter.Name == OrleansMeter && PerMessageInstruments.Contains(instrument.Name)
            ? MetricStreamConfiguration.Drop
            : new MetricStreamConfiguration
            {
                CardinalityLimit = instrument.Meter.Name == OrchestratorMetrics.MeterName ? OwnCardinalityLimit : OtherCardinalityLimit,
            };

    /// <summary>A method of its own, so that a silo without OTLP never loads the exporter's assembly (idle memory).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlp(IOpenTelemetryBuilder telemetry)
    {
        telemetry.WithTracing(tracing => tracing.AddSource(TracedSources));
        telemetry.UseOtlpExporter(); // reads the endpoint, protocol and headers from the OTEL_EXPORTER_OTLP_* variables
    }
}
