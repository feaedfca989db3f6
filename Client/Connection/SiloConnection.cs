using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Streaming;
using Orleans.Configuration;

namespace Orchestrator.Client.Connection;

/// <summary>
/// One connected Orleans client of one run of the silo: no generic host (a bare service provider starts faster), no retry
/// waits, the token presented on every connection, and <see cref="Lost"/> cancelled when the gateway connection drops.
/// </summary>
internal sealed class SiloConnection : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _lost;
    private readonly bool _closeGracefully;
    private ClusterCertificates? _certificates; // TLS opens further connections with them while this one lives

    private SiloConnection(SiloTarget target, ServiceProvider services, IClusterClient client, CancellationTokenSource lost, bool closeGracefully)
    {
        _closeGracefully = closeGracefully;
        Target = target;
        _services = services;
        Client = client;
        _lost = lost;
    }

    public SiloTarget Target { get; }

    public IClusterClient Client { get; }

    /// <summary>Cancelled once the connection to the silo is gone (the silo stopped or restarted).</summary>
    public CancellationToken Lost => _lost.Token;

    public string Gateway => Target.Gateway.ToString();

    /// <summary>Connects, or throws <see cref="SiloUnavailableException"/> saying why not (at once for a refused or closed port).</summary>
    public static async Task<SiloConnection> OpenAsync(SiloTarget target, OrchestratorClientOptions options, CancellationToken cancellationToken)
    {
        // A cluster node's gateway takes a certificate of the cluster (mutual TLS); a single silo's, the token of its run.
        var certificates = target.Cluster is { } cluster ? LoadCertificates(cluster, target) : null;
        var tls = certificates is null ? null : new ClientTls(certificates);
        var handshake = tls is null ? new ClientHandshake(target.Token!) : null;
        var lost = new CancellationTokenSource();
        var services = new ServiceCollection();
        services.AddOrleansClient(client => client
            .UseStaticClustering(target.Gateway)
            .Configure<ClusterOptions>(o => (o.ServiceId, o.ClusterId) = (OrchestratorCluster.ServiceId, target.Cluster?.ClusterId ?? OrchestratorCluster.ClusterId))
            // Orleans' default retries for minutes; a silo that is not there will not appear within a call's patience.
            .UseConnectionRetryFilter(static (_, _) => Task.FromResult(false))
            .Configure<ClientConnectionOptions>(o => o.ConfigureConnection(c =>
            {
                if (tls is null)
                {
                    c.Use(handshake!.Wrap);
                }
                else
                {
                    tls.Configure(c);
                }
            }))
            .AddClusterConnectionLostHandler((_, _) => lost.Cancel())
            .AddOrchestratorStreams());
        // Orleans formats every options class at start for its log; this client has no log to write it to (~12 ms).
        services.RemoveAll<IOptionFormatter>();
        var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<IClusterClient>();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = options.ConnectTimeout;
        bounded.CancelAfter(timeout);
        try
        {
            await ((IHostedService)client).StartAsync(bounded.Token).ConfigureAwait(false);
            return new SiloConnection(target, provider, client, lost, options.CloseGracefully) { _certificates = certificates };
        }
#pragma warning disable CA1031 // Every failure to connect becomes the one error callers handle.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            certificates?.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            var gateway = target.Gateway.ToString();
            throw tls?.GatewayProblem is { } problem ? SiloUnavailableException.GatewayNotOfCluster(gateway, problem)
                : tls?.HandshakeFailed == true ? SiloUnavailableException.CertificateRefused(gateway, target.Cluster!.Certificate)
                : handshake?.Outcome == GatewayHandshake.Outcome.Refused ? SiloUnavailableException.Refused(gateway, target.InfoPath)
                : handshake?.Outcome == GatewayHandshake.Outcome.SiloUnproven ? SiloUnavailableException.Impostor(gateway, target.InfoPath)
                : bounded.IsCancellationRequested ? SiloUnavailableException.TimedOut(gateway, target.InfoPath, timeout)
                : SiloUnavailableException.NotAnswering(gateway, target.InfoPath, e);
        }
    }

    private static ClusterCertificates LoadCertificates(ClusterCredentials cluster, SiloTarget target)
    {
        try
        {
            return ClusterCertificates.Load(cluster.Certificate, cluster.CertificateKey, cluster.CertificatePassword, cluster.CertificateAuthority, target.CertificateNames);
        }
        catch (InvalidOperationException e)
        {
            throw new SiloUnavailableException($"cannot use the cluster's certificates for the gateway {target.Gateway}: {e.Message}", target.Gateway.ToString(), target.InfoPath, e);
        }
    }

    /// <summary>Marks the connection lost (a call found it broken before Orleans said so).</summary>
    public void MarkLost() => _lost.Cancel();

    public async ValueTask DisposeAsync()
    {
        MarkLost();
        if (!_closeGracefully)
        {
            return;
        }

        try
        {
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await ((IHostedService)Client).StopAsync(bounded.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Closing a connection to a silo that is gone fails in many ways; none matters any more.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        // _lost is not disposed: streams and calls of this connection may still look at Lost after it closed.
        await _services.DisposeAsync().ConfigureAwait(false);
        _certificates?.Dispose();
    }
}
