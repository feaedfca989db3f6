using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Orchestrator.Grains.Interfaces.Discovery;
using Orleans.Connections.Security;

namespace Orchestrator.Client.Connection;

/// <summary>
/// Mutual TLS to the gateway of a silo in cluster mode, in place of the token handshake: the client presents its
/// certificate, and accepts the gateway only when the gateway's certificate chains to the cluster's certificate authority.
/// Remembers how far a connection got, so that a failed connect can say whose certificate was refused.
/// </summary>
internal sealed class ClientTls(ClusterCertificates certificates)
{
    private volatile string? _gatewayProblem;
    private volatile bool _reached;
    private volatile bool _secured;

    /// <summary>Why the gateway's certificate was not accepted, if it was not.</summary>
    public string? GatewayProblem => _gatewayProblem;

    /// <summary>A connection was made but its TLS handshake did not complete: a certificate was refused on one side.</summary>
    public bool HandshakeFailed => _reached && !_secured;

    public void Configure(IConnectionBuilder connection)
    {
        connection.Use(next => context =>
        {
            _reached = true;
            return next(context);
        });
        connection.UseClientTls(new TlsOptions
        {
            LocalCertificate = certificates.Certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            RemoteCertificateValidation = Validate,
            // Gateways are reached by IP address: there is no name to check, but SslStream wants one.
            OnAuthenticateAsClient = (context, ssl) => ssl.TargetHost = (context.RemoteEndPoint as IPEndPoint)?.Address.ToString() ?? "orchestrator",
        });
        connection.Use(next => context =>
        {
            _secured = true;
            return next(context);
        });
    }

    private bool Validate(X509Certificate2 certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors)
    {
        // The system's verdict (errors) trusts the system's roots and checks host names; the cluster trusts its authority only.
        _gatewayProblem = certificates.CheckNode(certificate, chain); // a gateway is a node: a client's certificate is not enough
        return _gatewayProblem is null;
    }
}
