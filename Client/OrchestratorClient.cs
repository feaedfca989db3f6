using Orchestrator.Client.Connection;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Budget;
using Orchestrator.Grains.Interfaces.Dashboard;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Client;

/// <summary>
/// The typed client of a silo: an Orleans client of its gateway, mirroring the grain contract. Model errors come back as
/// the grains' own exceptions (<see cref="Grains.Interfaces.Errors.ModelNotFoundException"/>,
/// <see cref="Grains.Interfaces.Errors.ModelNotRunningException"/>, <see cref="Grains.Interfaces.Errors.StartFailedException"/>),
/// and a silo that cannot be reached as <see cref="SiloUnavailableException"/>. A lost connection (the silo stopped or
/// restarted) is made again by the next call, from <c>silo.json</c>. Thread-safe; dispose it when done.
/// </summary>
public sealed partial class OrchestratorClient : IAsyncDisposable
{
    /// <summary>The number of log lines <see cref="GetLogsAsync"/> and <see cref="FollowLogsAsync"/> return by default.</summary>
    public const int DefaultLogTail = 100;

    private readonly OrchestratorClientOptions _options;
    private readonly SemaphoreSlim _reconnecting = new(1, 1);
    private SiloConnection _connection;

    private OrchestratorClient(OrchestratorClientOptions options, SiloConnection connection)
    {
        _options = options;
        _connection = connection;
    }

    /// <summary>The gateway (<c>host:port</c>) of the silo this client is connected to.</summary>
    public string Gateway => Volatile.Read(ref _connection).Gateway;

    /// <summary>
    /// Connects to the silo that <paramref name="options"/> name (by default the one of <c>silo.json</c> in the standard
    /// state directory). Throws <see cref="SiloUnavailableException"/> at once when no silo runs, <c>silo.json</c> is stale,
    /// nothing listens at the gateway or the gateway refuses the token.
    /// </summary>
    public static async Task<OrchestratorClient> ConnectAsync(OrchestratorClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new OrchestratorClientOptions();
        var connection = await SiloConnection.OpenAsync(SiloTarget.Resolve(options), options, cancellationToken).ConfigureAwait(false);
        return new OrchestratorClient(options, connection);
    }

    /// <summary>Every model of models.json with its current state, in file order.</summary>
    public Task<IReadOnlyList<ModelView>> ListAsync(CancellationToken cancellationToken = default) =>
        CallAsync((client, ct) => Catalog(client).ListAsync(ct), cancellationToken);

    /// <summary>One model's description and current state; never waits behind a start, stop or chat.</summary>
    public Task<ModelView> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return CallAsync((client, ct) => Catalog(client).GetAsync(id, ct), cancellationToken);
    }

    /// <summary>
    /// Starts the model and completes once it is <c>Running</c> (at once if it already is; joins a start in progress).
    /// Throws <see cref="Grains.Interfaces.Errors.StartFailedException"/> with the crash reason when it fails.
    /// Cancelling stops waiting; it does not stop the start.
    /// </summary>
    public Task<ModelView> StartAsync(string id, CancellationToken cancellationToken = default) =>
        OnModelAsync(id, (grain, ct) => grain.StartAsync(ct), cancellationToken);

    /// <summary>Stops the model (ending its chats first) and completes once no process is left; a no-op when it is not running.</summary>
    public Task<ModelView> StopAsync(string id, CancellationToken cancellationToken = default) =>
        OnModelAsync(id, (grain, ct) => grain.StopAsync(ct), cancellationToken);

    /// <summary>The last <paramref name="tail"/> lines of the model server's output (fewer when fewer were kept).</summary>
    public Task<IReadOnlyList<LogLine>> GetLogsAsync(string id, int tail = DefaultLogTail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentOutOfRangeException.ThrowIfNegative(tail);
        return CallAsync((client, ct) => client.GetGrain<IModelGrain>(id).GetLogsAsync(tail, ct), cancellationToken);
    }

    /// <summary>
    /// A one-time sign-in link to the silo's web page: opened in a browser within a minute, it gives that browser a session
    /// (an HttpOnly cookie) and is spent. The link is a credential until then: hand it only to the user's own browser.
    /// </summary>
    public Task<DashboardLink> CreateDashboardLinkAsync(CancellationToken cancellationToken = default) =>
        CallAsync((client, _) => client.GetGrain<IDashboardAccessGrain>(IDashboardAccessGrain.Key).IssueLinkAsync(), cancellationToken);

    /// <summary>Which models.json the silo serves, and the error of its last edit when that edit could not be used.</summary>
    public Task<RegistryView> GetRegistryAsync(CancellationToken cancellationToken = default) =>
        CallAsync((client, ct) => Catalog(client).GetRegistryAsync(ct), cancellationToken);

    /// <summary>The memory budget and the running-model count: what is in use, and the start queue.</summary>
    public Task<BudgetView> GetBudgetAsync(CancellationToken cancellationToken = default) =>
        CallAsync((client, ct) => Catalog(client).GetBudgetAsync(ct), cancellationToken);

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await Volatile.Read(ref _connection).DisposeAsync().ConfigureAwait(false);
        _reconnecting.Dispose();
    }

    private static IModelCatalogGrain Catalog(IClusterClient client) => client.GetGrain<IModelCatalogGrain>(IModelCatalogGrain.Key);

    /// <summary>A call on the model's grain, answered with the model's view (its registry description and the new state).</summary>
    private Task<ModelView> OnModelAsync(string id, Func<IModelGrain, CancellationToken, Task<ModelState>> action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return CallAsync(
            async (client, ct) =>
            {
                await action(client.GetGrain<IModelGrain>(id), ct).ConfigureAwait(false);
                return await Catalog(client).GetAsync(id, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs an idempotent call on the current connection. A call that finds the connection broken marks it lost and is made
    /// once more on a new connection (the silo restarted), so a long-lived client's next call simply works.
    /// </summary>
    private async Task<T> CallAsync<T>(Func<IClusterClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await call(connection.Client, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (ConnectionErrors.IsLostConnection(e) && !cancellationToken.IsCancellationRequested)
            {
                connection.MarkLost();
                if (attempt > 1 || !_options.Reconnect)
                {
                    throw SiloUnavailableException.Lost(connection.Gateway, e);
                }
            }
        }
    }

    /// <summary>The live connection; after a loss, a new one to the silo that silo.json (or the options) name now.</summary>
    internal async ValueTask<SiloConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _connection);
        if (!current.Lost.IsCancellationRequested)
        {
            return current;
        }

        if (!_options.Reconnect)
        {
            throw SiloUnavailableException.Lost(current.Gateway, null);
        }

        // One reconnect at a time; callers that found the same lost connection share its replacement.
        await _reconnecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            current = Volatile.Read(ref _connection);
            if (!current.Lost.IsCancellationRequested)
            {
                return current;
            }

            var fresh = await SiloConnection.OpenAsync(SiloTarget.Resolve(_options), _options, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _connection, fresh);
            // The old client has nothing left to say; closing it must not hold the caller up.
            _ = current.DisposeAsync().AsTask();
            return fresh;
        }
        finally
        {
            _reconnecting.Release();
        }
    }
}
