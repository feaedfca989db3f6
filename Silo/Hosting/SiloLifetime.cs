using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Cluster;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Models;
using Orchestrator.Grains.Processes;
using Orchestrator.Silo.Discovery;
using Orchestrator.Silo.Registry;
using Orchestrator.Silo.Security;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// The silo's start and end. Before anything starts: says which models.json and which llama-server it uses (the first
/// lines a user sees) and reaps servers a killed silo left behind; once Kestrel listens, publishes silo.json. When the
/// shutdown begins (Ctrl+C, SIGTERM, host stop), before Kestrel waits for open requests or Orleans stops: removes
/// silo.json and stops every model, which ends their chats; whatever outlasts the budget is killed, and the shutdown still
/// ends cleanly.
/// </summary>
internal sealed partial class SiloLifetime(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    ReloadableRegistry registry,
    ModelGrainOptions grainOptions,
    SiloToken token,
    SiloState state,
    SiloHttpAddress address,
    IHostApplicationLifetime lifetime,
    IOptions<SiloOptions> options,
    IOptions<Orleans.Configuration.EndpointOptions> endpoints,
    IServiceProvider services,
    ILogger<SiloLifetime> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        LogRegistry(registry.Models.Count, registry.FilePath);
        var (binary, error) = BinaryResolver.Resolve(grainOptions.LlamaServerPath);
        if (binary is null)
        {
            LogNoServer(error!);
        }
        else
        {
            LogServer(binary);
        }

        foreach (var line in Reap())
        {
            LogReaped(line);
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(PublishInfo);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        SiloInfoFile.Delete(state.Directory);
        try
        {
            // Bounded by our own budget, not only the host's token: a stop that hangs must not hold the exit.
            await grains.GetGrain<INodeGrain>(INodeGrain.KeyOf(silo.SiloAddress)).StopAllAsync(cancellationToken)
                .WaitAsync(options.Value.ShutdownBudget, cancellationToken);
            LogStopped();
        }
#pragma warning disable CA1031 // Whatever went wrong, the children must not outlive the silo and the exit must be clean.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogStopIncomplete(e.GetType().Name, e.Message);
        }

        // Anything still recorded as alive (a stop that outlasted the budget) is killed now.
        foreach (var line in Reap())
        {
            LogKilledAtExit(line);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private IReadOnlyList<string> Reap() =>
        grainOptions.ChildJournalDirectory is { } dir ? new ChildProcessJournal(dir).ReapSurvivors() : [];

    private void PublishInfo()
    {
        var url = address.Url;
        SiloInfoFile.Write(state.Directory, new SiloInfo(url, token.Value, Environment.ProcessId, Gateway(), services.GetService<ClusterCredentials>()));
        LogListening(url, SiloInfoFile.PathIn(state.Directory));
    }

    /// <summary>
    /// Where Orleans' gateway is reached: the advertised address (127.0.0.1 for the single silo) and the port, claimed before
    /// Orleans started, so the real one.
    /// </summary>
    private string? Gateway() =>
        endpoints.Value.GatewayPort > 0 ? new System.Net.IPEndPoint(endpoints.Value.AdvertisedIPAddress, endpoints.Value.GatewayPort).ToString() : null;

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo listening on {Url}; clients find it through {InfoPath}")]
    private partial void LogListening(string url, string infoPath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Reaped a server left by a previous silo: {What}")]
    private partial void LogReaped(string what);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Every model stopped; silo exiting")]
    private partial void LogStopped();

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Loaded {Count} model(s) from {Path}")]
    private partial void LogRegistry(int count, string path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "llama-server: {Path}")]
    private partial void LogServer(string path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "No llama-server: {Problem}. Every start will fail until it is found")]
    private partial void LogNoServer(string problem);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stopping the models did not finish cleanly ({Kind}: {Message}); killing what is left")]
    private partial void LogStopIncomplete(string kind, string message);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "Killed a server still alive at exit: {What}")]
    private partial void LogKilledAtExit(string what);
}
