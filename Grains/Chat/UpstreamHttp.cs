namespace Orchestrator.Grains.Chat;

/// <summary>The one HTTP client for talking to model servers on loopback.</summary>
internal static class UpstreamHttp
{
    public static HttpClient Client { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false, // loopback: a configured proxy must never see (or break) these requests
        // Disposing a cancelled response must close the connection at once, not drain up to 1 MiB / 2 s first:
        // that is what frees the server's slot when a client goes away.
        MaxResponseDrainSize = 0,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    {
        // Timeout covers only the headers of a streamed response; streams keep their own watch.
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
