using System.Security.Cryptography.X509Certificates;
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
        connections.ConfigureSiloInboundConnection(c => Inbound(c, "silo port"));
        connections.ConfigureGatewayInboundConnection(c => Inbound(c, "gateway"));
        connections.ConfigureSiloOutboundConnection(c => c.UseClientTls(Options(RemoteCertificateMode.RequireCertificate)));
    }

    private void Inbound(IConnectionBuilder connection, string port)
    {
        // Orleans refuses a connection without a certificate silently (RequireCertificate returns before any validator runs):
        // allowed through the handshake, it is refused just after it, with a warning that says so.
        connection.UseServerTls(Options(RemoteCertificateMode.AllowCertificate));
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

    private TlsOptions Options(RemoteCertificateMode mode) => new()
    {
        LocalCertificate = certificates.Certificate,
        RemoteCertificateMode = mode,
        ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
        RemoteCertificateValidation = Validate,
        // Silos are reached by IP address: no name to check (see ClusterCertificates.Check), but SslStream wants one.
        OnAuthenticateAsClient = (context, ssl) => ssl.TargetHost = (context.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString() ?? "orchestrator",
    };

    private bool Validate(X509Certificate2 certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        // The system's verdict (errors) is ignored on purpose: it trusts the system's roots and checks host names; the cluster
        // trusts its own authority only.
        if (certificates.Check(certificate, chain) is not { } problem)
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
