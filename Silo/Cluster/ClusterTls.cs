using Microsoft.AspNetCore.Connections;
using Orchestrator.Grains.Interfaces.Discovery;
using Orleans.Connections.Security;

namespace Orchestrator.Silo.Cluster;

/// <summary>
/// Mutual TLS on every Orleans connection of a silo in cluster mode (silo port in and out, gateway in): each end presents a
/// certificate, and a remote certificate is accepted only when it chains to the cluster's certificate authority, and to it
/// alone. It replaces the single silo's token handshake (<see cref="Security.GatewayGate"/>): every node has its own token,
/// so a token cannot be what silos show each other, and a client's certificate is as good a credential at the gateway.
/// </summary>
internal sealed partial class ClusterTls(ClusterCertificates certificates, ILogger<ClusterTls> logger)
{
    /// <summary>Puts TLS first on every connection of the silo.</summary>
    public void Configure(Orleans.Configuration.SiloConnectionOptions connections)
    {
        // Silo to silo: only nodes' certificates. The gateway: any certificate of the cluster, a node's or a client's.
        connections.ConfigureSiloInboundConnection(c => Inbound(c, "silo port", nodesOnly: true));
        connections.ConfigureGatewayInboundConnection(c => Inbound(c, "gateway", nodesOnly: false));
        connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(Options(RemoteCertificateMode.RequireCertificate, nodesOnly: true)));
    }

    private void Inbound(IConnectionBuilder connection, string port, bool nodesOnly)
    {
        // Orleans refuses a connection without a certificate silently (RequireCertificate returns before any validator runs):
        // allowed through the handshake, it is refused just after it, with a warning that says so.
        connection.UseServerTls(Options(RemoteCertificateMode.AllowCertificate, nodesOnly));
        connection.Use(next => context =>
        {
            if (context.Features.Get<ITlsConnectionFeature>()?.RemoteCertificate is not null)
            {
                return next(context);
            }

            LogNoCertificate(port, context.RemoteEndPoint?.ToString() ?? "?");
            context.Abort();
            return Task.CompletedTask;
        });
    }

    private TlsOptions Options(RemoteCertificateMode mode, bool nodesOnly) => new()
    {
        LocalCertificate = certificates.Certificate,
        RemoteCertificateMode = mode,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = (certificate, chain, _) => Accept(nodesOnly ? certificates.CheckNode(certificate, chain) : certificates.Check(certificate, chain)),
        // Silos are reached by IP address: no name to check (see ClusterCertificates.Check), but SslStream wants one.
        OnAuthenticateAsClient = (context, ssl) => ssl.TargetHost = (context.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "orchestrator",
    };

    /// <summary>
    /// The verdict on a remote certificate. The system's own (the policy errors) is ignored on purpose: it trusts the system's
    /// roots and checks host names; the cluster trusts its own authority only.
    /// </summary>
    private bool Accept(string? problem)
    {
        if (problem is null)
        {
            return true;
        }

        LogRefused(problem);
        return false;
    }

    [LoggerMessage(EventId = 40, Level = LogLevel.Warning, Message = "Refused a TLS connection: {Problem}")]
    private partial void LogRefused(string problem);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Refused a connection to the {Port} from {Remote}: it presented no certificate (cluster mode takes only certificates signed by the cluster's certificate authority)")]
    private partial void LogNoCertificate(string port, string remote);
}
