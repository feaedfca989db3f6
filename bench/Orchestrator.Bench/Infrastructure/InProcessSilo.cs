using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Silo;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>
/// The real silo on 127.0.0.1:0 in this process (as the Silo tests run it), in a fresh state directory, over a models.json
/// written for the benchmark. Disposing stops it, which stops every model.
/// </summary>
public sealed class InProcessSilo : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessSilo(string folder, WebApplication app, SiloInfo info)
    {
        Folder = folder;
        _app = app;
        Info = info;
        Http = LoopbackHttp.Create(new Uri(info.Url), info.Token);
    }

    public string Folder { get; }

    public string StateDirectory => Path.Combine(Folder, "state");

    public SiloInfo Info { get; }

    public HttpClient Http { get; }

    /// <summary>The silo's services: its in-process <c>IClusterClient</c>, as the HTTP endpoints use it, and its options.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a silo over <paramref name="models"/>; <paramref name="llamaServerPath"/> defaults to the FakeLlamaServer.</summary>
    public static async Task<InProcessSilo> StartAsync(string folder, IEnumerable<BenchModel> models, string? llamaServerPath = null)
    {
        var registry = BenchModel.WriteRegistry(folder, models);
        var config = new Dictionary<string, string?>
        {
            ["Orchestrator:ModelsPath"] = registry,
            ["Orchestrator:Port"] = "0",
            ["Orchestrator:SiloPort"] = "0",
            ["Orchestrator:GatewayPort"] = "0",
            ["Orchestrator:StateDirectory"] = Path.Combine(folder, "state"),
            ["Orchestrator:LlamaServerPath"] = llamaServerPath ?? RepoPaths.FakeServer,
            ["Orchestrator:StopTimeout"] = "00:00:02",
            // State changes are logged at Information; on the console they would only interleave with the report.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        };
        var app = SiloApplication.Build([], b => b.Configuration.AddInMemoryCollection(config));
        await app.StartAsync();
        var info = JsonSerializer.Deserialize<SiloInfo>(
            await File.ReadAllTextAsync(Path.Combine(folder, "state", SiloStateDirectory.InfoFileName)), JsonSerializerOptions.Web)!;
        return new InProcessSilo(folder, app, info);
    }

    /// <summary>POST start; returns the model view once Running (throws with the problem text otherwise).</summary>
    public Task<JsonElement> StartModelAsync(string id, CancellationToken cancellationToken = default) =>
        PostForViewAsync($"/v1/models/{Uri.EscapeDataString(id)}/start", cancellationToken);

    public Task<JsonElement> StopModelAsync(string id, CancellationToken cancellationToken = default) =>
        PostForViewAsync($"/v1/models/{Uri.EscapeDataString(id)}/stop", cancellationToken);

    public async Task<JsonElement> GetModelAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await Http.GetAsync(new Uri($"/v1/models/{Uri.EscapeDataString(id)}", UriKind.Relative), cancellationToken);
        return await ViewAsync(response, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<JsonElement> PostForViewAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsync(new Uri(path, UriKind.Relative), null, cancellationToken);
        return await ViewAsync(response, cancellationToken);
    }

    private static async Task<JsonElement> ViewAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.Clone();
    }
}
