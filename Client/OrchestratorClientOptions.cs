namespace Orchestrator.Client;

/// <summary>Where <see cref="OrchestratorClient"/> finds the silo. With nothing set, <c>silo.json</c> of the standard state directory says.</summary>
public sealed record OrchestratorClientOptions
{
    /// <summary>The state directory whose <c>silo.json</c> names the silo; null for the standard one (see <c>SiloStateDirectory</c>).</summary>
    public string? StateDirectory { get; init; }

    /// <summary>The silo's Orleans gateway as <c>host:port</c> (for example <c>127.0.0.1:8782</c>); null to take it from <c>silo.json</c>.</summary>
    public string? Gateway { get; init; }

    /// <summary>The silo's token (its gateway credential); null to take it from <c>silo.json</c>.</summary>
    public string? Token { get; init; }

    /// <summary>
    /// A client certificate signed by the cluster's certificate authority, for the gateway of a silo in cluster mode (mutual
    /// TLS instead of the token): a PEM file (with <see cref="CertificateKey"/>) or a PFX file. Null to take the one that
    /// <c>silo.json</c> names when the silo on this machine runs in cluster mode.
    /// </summary>
    public string? Certificate { get; init; }

    /// <summary>The PEM private key of <see cref="Certificate"/>.</summary>
    public string? CertificateKey { get; init; }

    /// <summary>The password of a PFX <see cref="Certificate"/>.</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>The PEM file of the cluster's certificate authority: the only root the gateway's certificate may chain to.</summary>
    public string? CertificateAuthority { get; init; }

    /// <summary>Orleans' cluster id of a cluster-mode silo named with <see cref="Certificate"/>; null for the default, <c>orchestrator</c>.</summary>
    public string? ClusterId { get; init; }

    /// <summary>
    /// How long connecting may take before it fails with <see cref="SiloUnavailableException"/>. A missing silo, a stale
    /// <c>silo.json</c> or a refused token fail at once whatever this says; this bounds a silo that accepts and then hangs.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Whether a lost connection is re-established on the next call, and open event and log follows resubscribe once the
    /// silo is back (a desktop app outliving silo restarts). When false, they end with <see cref="SiloUnavailableException"/>.
    /// </summary>
    public bool Reconnect { get; init; } = true;

    /// <summary>
    /// Whether disposing the client closes its connection the orderly way (Orleans' client stop, tens of milliseconds).
    /// A process that exits right after can say false: the system closes the socket and the silo sees it go (the client's
    /// resources are left to the end of the process).
    /// </summary>
    public bool CloseGracefully { get; init; } = true;
}
