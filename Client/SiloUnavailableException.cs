namespace Orchestrator.Client;

/// <summary>
/// No silo can be reached: there is no <c>silo.json</c>, it is stale (its process is gone), or nothing answers at its
/// URL. The message says which, and how to start one.
/// </summary>
public sealed class SiloUnavailableException : Exception
{
    /// <summary>How to start a silo, as every message of this error ends.</summary>
    public const string StartHint = "start it with: dotnet run --project Silo -- --models models.json";

    /// <summary>Creates the error with a message a person can act on.</summary>
    public SiloUnavailableException(string message, Uri? url = null, string? infoPath = null, Exception? inner = null)
        : base(message, inner)
    {
        Url = url;
        InfoPath = infoPath;
    }

    /// <summary>The silo URL that was tried, when one was known.</summary>
    public Uri? Url { get; }

    /// <summary>The <c>silo.json</c> that was read or looked for, when discovery was used.</summary>
    public string? InfoPath { get; }

    internal static SiloUnavailableException NoInfoFile(string path) =>
        new($"no silo is running (looked for {path}): {StartHint}", infoPath: path);

    internal static SiloUnavailableException Stale(string path, int pid) =>
        new($"no silo is running ({path} is stale: its silo, pid {pid}, is gone): {StartHint}", infoPath: path);

    internal static SiloUnavailableException Unreadable(string path, Exception inner) =>
        new($"cannot read {path} ({inner.Message}); if no silo runs, {StartHint}", infoPath: path, inner: inner);

    internal static SiloUnavailableException NotAnswering(Uri url, Exception inner) =>
        new($"no silo answers at {url} ({inner.Message}); if it stopped, {StartHint}", url, inner: inner);

    internal static SiloUnavailableException StreamBroken(Uri url, Exception? inner) =>
        new($"the silo at {url} closed the stream before it ended{(inner is null ? string.Empty : $" ({inner.Message})")}; was it stopped?", url, inner: inner);
}
