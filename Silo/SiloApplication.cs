using System.Net;
using Orchestrator.Grains.Hosting;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.Grains.Models;
using Orchestrator.Silo.Api;
using Orchestrator.Silo.Cluster;
using Orchestrator.Silo.Dashboard;
using Orchestrator.Silo.Discovery;
using Orchestrator.Silo.Hosting;
using Orchestrator.Silo.Registry;
using Orchestrator.Silo.Security;
using Orchestrator.Silo.Telemetry;

namespace Orchestrator.Silo;

/// <summary>Builds the silo: configuration, registry, Orleans, security, endpoints. Program.cs and the tests share it.</summary>
public static class SiloApplication
{
    private const string Section = "Orchestrator";

    /// <summary>
    /// Builds the silo from the command line (<c>--models</c>, <c>--port</c>, <c>--silo-port</c>) and configuration. Throws
    /// <see cref="Grains.Interfaces.Errors.RegistryException"/> for a bad models.json and
    /// <see cref="InvalidOperationException"/> when another silo holds the state directory or a port is taken.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json lives beside the binary; the working directory is the user's (relative --models paths).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--models"] = $"{Section}:{nameof(SiloOptions.ModelsPath)}",
            ["--port"] = $"{Section}:{nameof(SiloOptions.Port)}",
            ["--silo-port"] = $"{Section}:{nameof(SiloOptions.SiloPort)}",
            ["--gateway-port"] = $"{Section}:{nameof(SiloOptions.GatewayPort)}",
        });
        configure?.Invoke(builder);

        var siloOptions = builder.Configuration.GetSection(Section).Get<SiloOptions>() ?? new SiloOptions();
        var registry = new ReloadableRegistry(ModelRegistry.Load(siloOptions.ModelsPath), TimeProvider.System);
        var stateDirectory = siloOptions.StateDirectory ?? SiloStateDirectory.Resolve();
        var state = new SiloState(stateDirectory, StateDirectoryLock.Acquire(stateDirectory));
        var grainOptions = GrainOptions(builder.Configuration, state);
        // Null unless Orchestrator:Cluster:Redis is set: then checked (addresses, certificates) before anything starts.
        var cluster = ClusterMode.From(builder.Configuration);
        var ports = SiloPorts.Claim(
            cluster?.Listen ?? IPAddress.Loopback,
            new(siloOptions.SiloPort, $"{Section}:{nameof(SiloOptions.SiloPort)} (--silo-port)", "Orleans' silo port"),
            new(siloOptions.GatewayPort, $"{Section}:{nameof(SiloOptions.GatewayPort)} (--gateway-port)", "Orleans' client gateway"));
        var (siloPort, gatewayPort) = (ports[0], ports[1]);
        var otlp = SiloTelemetry.ExportsOtlp(builder.Configuration);

        // Orleans first, so its silo starts before SiloLifetime publishes silo.json; SiloLifetime stops the models as the
        // shutdown begins (StoppingAsync), while the grains still run.
        builder.UseOrleans(silo =>
        {
            if (cluster is null)
            {
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: OrchestratorCluster.ServiceId, clusterId: OrchestratorCluster.ClusterId);
            }
            else
            {
                silo.UseOrchestratorCluster(cluster, siloPort, gatewayPort); // Redis membership, mutual TLS instead of the token
            }

            silo.AddOrchestratorGrains(registry, grainOptions);
            if (otlp)
            {
                silo.AddActivityPropagation(); // grain calls traced, and the model's activities their children
            }
        });
        builder.Services.AddSiloTelemetry(otlp);
        if (cluster is null)
        {
            // Orleans' gateway has no authentication and the cluster id is no secret: every inbound connection must present
            // this run's token first (GatewayGate), or it is closed before Orleans reads a byte.
            builder.Services.AddSingleton<GatewayGate>();
            builder.Services.AddOptions<Orleans.Configuration.SiloConnectionOptions>().Configure<GatewayGate>((connections, gate) =>
            {
                connections.ConfigureGatewayInboundConnection(c => c.Use(gate.Wrap));
                connections.ConfigureSiloInboundConnection(c => c.Use(gate.Wrap));
                connections.ConfigureSiloOutboundConnection(c => c.Use(gate.Present));
            });
        }

        builder.Services.AddSingleton(registry); // the endpoints resolve ids against models.json's entries; the watcher reloads it
        builder.Services.Configure<SiloOptions>(builder.Configuration.GetSection(Section));
        builder.Services.AddSingleton(_ => state); // a factory, so the container disposes it (and releases the lock)
        builder.Services.AddSingleton<SiloToken>();
        builder.Services.AddSingleton<SiloHttpAddress>();
        builder.Services.AddSingleton<DashboardSessions>();
        builder.Services.AddHostedService<SiloLifetime>();
        builder.Services.AddHostedService<RegistryWatcher>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, SiloJsonContext.Default));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = FallbackApi.Customize);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(BindAddress(siloOptions.BindAddress), siloOptions.Port);
            kestrel.Limits.MaxRequestBodySize = siloOptions.MaxRequestBodyBytes;
        });

        var app = builder.Build();
        app.UseMiddleware<SiloSecurityMiddleware>();
        app.UseStatusCodePages(); // bodiless framework answers (405) become problem details
        app.UseMiddleware<OrchestratorExceptionMiddleware>();
        app.MapEventsApi();
        app.MapModelsApi();
        app.MapPolicyApi();
        app.MapPrometheusScrapingEndpoint(SiloTelemetry.MetricsPath);
        app.MapDashboard();
        app.MapFallbackApi();
        return app;
    }

    /// <summary>The grains' settings: the <c>Orchestrator</c> section, <c>LLAMA_SERVER_PATH</c> as a fallback for the binary.</summary>
    private static ModelGrainOptions GrainOptions(ConfigurationManager configuration, SiloState state)
    {
        var options = configuration.GetSection(Section).Get<ModelGrainOptions>() ?? new ModelGrainOptions();
        if (string.IsNullOrWhiteSpace(options.LlamaServerPath))
        {
            options.LlamaServerPath = Environment.GetEnvironmentVariable(BinaryResolver.EnvironmentVariable);
        }

        options.ChildJournalDirectory ??= state.ChildJournal;
        return options;
    }

    private static IPAddress BindAddress(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(address, out var ip) ? ip
        : throw new InvalidOperationException($"Orchestrator:BindAddress \"{address}\" is not an IP address; use 127.0.0.1 (the default) or an address of this machine.");
}
