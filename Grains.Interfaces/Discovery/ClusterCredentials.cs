namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>
/// What an Orleans client needs to call the gateway of a silo in cluster mode: the cluster's id and a certificate signed by
/// the cluster's certificate authority (mutual TLS). A silo writes its own (its node certificate) into silo.json, which
/// only its user can read, so that a client on the same machine needs no flags.
/// </summary>
/// <param name="ClusterId">Orleans' cluster id; a client must name the cluster's own.</param>
/// <param name="Certificate">The client certificate: a PEM file (with <paramref name="CertificateKey"/>) or a PFX file.</param>
/// <param name="CertificateKey">The PEM private key of <paramref name="Certificate"/>; null for a PFX file.</param>
/// <param name="CertificateAuthority">The PEM file of the cluster's certificate authority: the only root a gateway's certificate may chain to.</param>
/// <param name="CertificatePassword">The PFX file's password, if it has one.</param>
/// <param name="Node">The name of the node that wrote it (Orleans' silo name); informational.</param>
public sealed record ClusterCredentials(
    string ClusterId,
    string Certificate,
    string? CertificateKey,
    string CertificateAuthority,
    string? CertificatePassword = null,
    string? Node = null);
