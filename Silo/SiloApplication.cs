using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Registry;
using Orchestrator.Silo.Api;
using Orchestrator.Silo.Discovery;
using Orchestrator.Silo.Hosting;
using Orchestrator.Silo.Security;

namespace Orchestrator.Silo;

/// <summary>Builds the silo: configuration, registry, grains, security, endpoints. Program.cs and the tests share it.</summary>
public static class SiloApplication
{
    private const string Section = "Orchestrator";

    /// <summary>
    /// Builds the silo from the command line (<c>--models</c>, <c>--port</c>) and configuration. Throws
    /// <see cref="Grains.Interfaces.Errors.RegistryException"/> for a bad models.json and
    /// <see cref="InvalidOperationException"/> when another silo holds the state directory.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json lives beside the binary; the working directory is the user's (relative --models paths).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
        {
            ["--models"] = $"{Section}:{nameof(SiloOptions.ModelsPath)}",
            ["--port"] = $"{Section}:{nameof(SiloOptions.Port)}",
        });
        configure?.Invoke(builder);

        var siloOptions = builder.Configuration.GetSection(Section).Get<SiloOptions>() ?? new SiloOptions();
        var registry = ModelRegistry.Load(siloOptions.ModelsPath);
        var stateDirectory = siloOptions.StateDirectory ?? SiloStateDirectory.Resolve();
        var state = new SiloState(stateDirectory, StateDirectoryLock.Acquire(stateDirectory));

        builder.Services.Configure<SiloOptions>(builder.Configuration.GetSection(Section));
        builder.Services.AddSingleton(_ => state); // a factory, so the container disposes it (and releases the lock)
        builder.Services.AddSingleton(registry);
        builder.Services.AddSingleton<SiloToken>();
        builder.Services.AddSingleton(sp => new ModelDirectory(registry.Models, GrainOptions(builder.Configuration, state), TimeProvider.System, sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        builder.Services.AddHostedService<SiloLifetime>();
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
        app.MapFallbackApi();
        return app;
    }

    /// <summary>The grains' settings: the <c>Orchestrator</c> section, <c>LLAMA_SERVER_PATH</c> as a fallback for the binary.</summary>
    private static ModelGrainOptions GrainOptions(ConfigurationManager configuration, SiloState state)
    {
        var options = configuration.GetSection(Section).Get<ModelGrainOptions>() ?? new ModelGrainOptions();
        if (string.IsNullOrWhiteSpace(options.LlamaServerPath))
        {
            options.LlamaServerPath = Environment.GetEnvironmentVariable("LLAMA_SERVER_PATH");
        }

        options.ChildJournalDirectory ??= state.ChildJournal;
        return options;
    }

    private static IPAddress BindAddress(string address) =>
        address.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(address, out var ip) ? ip
        : throw new InvalidOperationException($"Orchestrator:BindAddress \"{address}\" is not an IP address; use 127.0.0.1 (the default) or an address of this machine.");
}
