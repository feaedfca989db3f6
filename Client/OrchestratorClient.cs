using Orchestrator.Client.Http;
using Orchestrator.Client.Json;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Client;

/// <summary>
/// The typed client of a silo's HTTP/SSE API, mirroring the grain contract. Model errors come back as the grains'
/// exceptions (<see cref="Grains.Interfaces.Errors.ModelNotFoundException"/>,
/// <see cref="Grains.Interfaces.Errors.ModelNotRunningException"/>, <see cref="Grains.Interfaces.Errors.StartFailedException"/>),
/// other refusals as <see cref="SiloRequestException"/>, and a silo that cannot be reached as
/// <see cref="SiloUnavailableException"/>. Thread-safe; dispose it when done.
/// </summary>
public sealed partial class OrchestratorClient : IDisposable
{
    /// <summary>The number of log lines <see cref="GetLogsAsync"/> and <see cref="FollowLogsAsync"/> return by default.</summary>
    public const int DefaultLogTail = 100;

    private readonly SiloHttp _http;

    /// <summary>A client of the silo at <paramref name="baseAddress"/>, authenticating with <paramref name="token"/>.</summary>
    /// <param name="baseAddress">The silo's URL, for example <c>http://127.0.0.1:8780</c>.</param>
    /// <param name="token">The bearer token from the silo's <c>silo.json</c>.</param>
    /// <param name="handler">The HTTP handler to use (tests); null for a loopback handler without proxy.</param>
    public OrchestratorClient(Uri baseAddress, string token, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(token);
        _http = new SiloHttp(baseAddress, token, handler);
    }

    /// <summary>The silo's URL.</summary>
    public Uri BaseAddress => _http.BaseAddress;

    /// <summary>A client of the silo described by <paramref name="info"/> (the content of <c>silo.json</c>).</summary>
    public static OrchestratorClient Connect(SiloInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new OrchestratorClient(new Uri(info.Url), info.Token);
    }

    /// <summary>
    /// A client of the silo running on this machine, found through <c>silo.json</c> in <paramref name="stateDirectory"/>
    /// (null: the standard state directory, see <see cref="SiloStateDirectory.Resolve"/>). Throws
    /// <see cref="SiloUnavailableException"/> when no silo runs or the file is stale.
    /// </summary>
    public static OrchestratorClient Connect(string? stateDirectory = null) => Connect(SiloDiscovery.Read(stateDirectory));

    /// <summary>Every model of models.json with its current state, in file order.</summary>
    public async Task<IReadOnlyList<ModelView>> ListAsync(CancellationToken cancellationToken = default) =>
        await _http.ReadJsonAsync(HttpMethod.Get, "/v1/models", null, ClientJsonContext.Default.ModelViewArray, cancellationToken);

    /// <summary>One model's description and current state; never waits behind a start, stop or chat.</summary>
    public Task<ModelView> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.ReadJsonAsync(HttpMethod.Get, ModelPath(id), id, ClientJsonContext.Default.ModelView, cancellationToken);

    /// <summary>
    /// Starts the model and completes once it is <c>Running</c> (at once if it already is; joins a start in progress).
    /// Throws <see cref="Grains.Interfaces.Errors.StartFailedException"/> with the crash reason when it fails.
    /// Cancelling stops waiting; it does not stop the start.
    /// </summary>
    public Task<ModelView> StartAsync(string id, CancellationToken cancellationToken = default) =>
        _http.ReadJsonAsync(HttpMethod.Post, ModelPath(id, "/start"), id, ClientJsonContext.Default.ModelView, cancellationToken);

    /// <summary>Stops the model (ending its chats first) and completes once no process is left; a no-op when it is not running.</summary>
    public Task<ModelView> StopAsync(string id, CancellationToken cancellationToken = default) =>
        _http.ReadJsonAsync(HttpMethod.Post, ModelPath(id, "/stop"), id, ClientJsonContext.Default.ModelView, cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of the model server's output (fewer when fewer were kept).</summary>
    public async Task<IReadOnlyList<LogLine>> GetLogsAsync(string id, int tail = DefaultLogTail, CancellationToken cancellationToken = default) =>
        await _http.ReadJsonAsync(HttpMethod.Get, LogsPath(id, tail, follow: false), id, ClientJsonContext.Default.LogLineArray, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary><c>/v1/models/{id}{suffix}</c> with the id percent-encoded as one segment (<c>/</c> as <c>%2F</c>, <c>:</c> as <c>%3A</c>).</summary>
    private static string ModelPath(string id, string suffix = "")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return $"/v1/models/{Uri.EscapeDataString(id)}{suffix}";
    }

    private static string LogsPath(string id, int tail, bool follow)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        return ModelPath(id, $"/logs?tail={tail}{(follow ? "&follow=true" : string.Empty)}");
    }
}
