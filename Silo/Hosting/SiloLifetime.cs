using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Models;
using Orchestrator.Silo.Discovery;
using Orchestrator.Silo.Security;

namespace Orchestrator.Silo.Hosting;

/// <summary>
/// The silo's start and end: reaps servers a killed silo left behind, publishes silo.json once Kestrel listens, and on
/// shutdown (Ctrl+C, SIGTERM, host stop) stops every model before the process exits and removes silo.json.
/// </summary>
internal sealed partial class SiloLifetime(
    ModelDirectory models,
    SiloToken token,
    SiloState state,
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<SiloOptions> options,
    ILogger<SiloLifetime> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var line in models.ReapOrphans())
        {
            LogReaped(line);
        }

        lifetime.ApplicationStarted.Register(PublishInfo);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        SiloInfoFile.Delete(state.Directory);
        await models.StopAllAsync(cancellationToken);
        LogStopped();
    }

    private void PublishInfo()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? $"http://{options.Value.BindAddress}:{options.Value.Port}";
        // Kestrel reports a wildcard or IPv6 bind as such; clients on this machine reach it on loopback.
        var url = address.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).Replace("[::]", "127.0.0.1", StringComparison.Ordinal);
        SiloInfoFile.Write(state.Directory, new SiloInfo(url, token.Value, Environment.ProcessId));
        LogListening(url, SiloInfoFile.PathIn(state.Directory));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Silo listening on {Url}; clients find it through {InfoPath}")]
    private partial void LogListening(string url, string infoPath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Reaped a server left by a previous silo: {What}")]
    private partial void LogReaped(string what);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Every model stopped; silo exiting")]
    private partial void LogStopped();
}
