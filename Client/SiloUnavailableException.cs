namespace Orchestrator.Client;

/// <summary>
/// No silo can be reached: there is no <c>silo.json</c>, it is stale (its process is gone), nothing answers at its gateway,
/// the gateway refused the token, or the connection was lost. The message says which, and what to do.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>How to start a silo, as the messages for a missing silo end.</summary>
    public const string StartHint = "start it with: dotnet run --project Silo -- --models models.json";

    /// <summary>Creates the error with a message a person can act on.</summary>
    public SiloUnavailableException(string message, string? gateway = null, string? infoPath = null, Exception? inner = null)
        : base(message, inner)
    {
        Gateway = gateway;
        InfoPath = infoPath;
    }

    /// <summary>The gateway (<c>host:port</c>) that was tried, when one was known.</summary>
    public string? Gateway { get; }

    /// <summary>The <c>silo.json</c> that was read or looked for, when discovery was used.</summary>
    public string? InfoPath { get; }

    /// <summary>True when the gateway answered and refused the token (a wrong or stale credential).</summary>
    public bool CredentialRefused { get; private init; }

    internal static SiloUnavailableException NoInfoFile(string path) =>
        new($"no silo is running (looked for {path}): {StartHint}", infoPath: path);

    internal static SiloUnavailableException Stale(string path, int pid) =>
        new($"no silo is running ({path} is stale: its silo, pid {pid}, is gone): {StartHint}", infoPath: path);

    internal static SiloUnavailableException Unreadable(string path, Exception inner) =>
        new($"cannot read {path} ({inner.Message}); if no silo runs, {StartHint}", infoPath: path, inner: inner);

    internal static SiloUnavailableException NoGateway(string path) =>
        new($"{path} names no Orleans gateway (a silo older than this client wrote it): restart the silo", infoPath: path);

    internal static SiloUnavailableException NotAnswering(string gateway, string? infoPath, Exception inner) =>
        new($"no silo answers at {gateway} ({Reason(inner)}); if it stopped, {StartHint}", gateway, infoPath, inner);

    internal static SiloUnavailableException Refused(string gateway, string? infoPath) =>
        new($"the silo at {gateway} refused the token (wrong, or from an earlier run of the silo); leave out --token to use silo.json, or copy the \"token\" of the silo's silo.json", gateway, infoPath)
        {
            CredentialRefused = true,
        };

    internal static SiloUnavailableException CertificateRefused(string gateway, string certificate) =>
        new($"the gateway at {gateway} refused this client's certificate ({certificate}) in the TLS handshake: a cluster's gateway takes only certificates signed by the cluster's certificate authority; use one (see the README, \"Running on several machines\")", gateway)
        {
            CredentialRefused = true,
        };

    internal static SiloUnavailableException GatewayNotOfCluster(string gateway, string problem) =>
        new($"the gateway at {gateway} is not a node of this cluster: its {problem}; check the cluster's certificate authority that this client trusts (--certificate-authority)", gateway);

    internal static SiloUnavailableException Impostor(string gateway, string? infoPath) =>
        new($"the process listening at {gateway} accepted the connection but could not prove it is the silo that wrote {infoPath ?? "the token"}; something else holds the silo's port: stop it, then start the silo again", gateway, infoPath);

    internal static SiloUnavailableException TimedOut(string gateway, string? infoPath, TimeSpan timeout) =>
        new($"the silo at {gateway} did not complete the connection within {timeout.TotalSeconds:0.#} s; is it overloaded or stuck?", gateway, infoPath);

    internal static SiloUnavailableException Lost(string gateway, Exception? inner) =>
        new($"lost the connection to the silo at {gateway}{(inner is null ? string.Empty : $" ({Reason(inner)})")}; was it stopped?", gateway, inner: inner);

    private static string Reason(Exception error) => (error.InnerException ?? error).Message;
}
