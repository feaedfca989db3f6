using System.Net.Http.Json;
using System.Net.Sockets;
using Orchestrator.TestSupport;

namespace Orchestrator.FakeLlamaServer.Tests;

/// <summary>One test's fake: its folder, scenario (with an events file), process and HTTP client.</summary>
internal sealed class FakeRun : IAsyncDisposable
{
    private FakeRun(TempDirectory directory, string modelPath, FakeServerProcess process)
    {
        Directory = directory;
        ModelPath = modelPath;
        Process = process;
    }

    public TempDirectory Directory { get; }

    public string ModelPath { get; }

    public string EventsFile => Directory.File("events.jsonl");

    public FakeServerProcess Process { get; }

    /// <summary>Disposing a response closes its connection at once (no 2 s drain), which the fake sees as a client disconnect.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler { UseProxy = false, MaxResponseDrainSize = 0 }) { Timeout = Timeout.InfiniteTimeSpan };

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    /// <summary>Starts the fake with <paramref name="scenario"/> (events go to <see cref="EventsFile"/>) on the given or an OS-chosen port.</summary>
    public static FakeRun Start(FakeScenario scenario, params string[] extraArguments)
    {
        var directory = new TempDirectory();
        var modelPath = (scenario with { EventsFile = directory.File("events.jsonl") }).WriteToFile(directory.Path);
        string[] arguments = extraArguments.Contains("--port") ? ["-m", modelPath, .. extraArguments] : ["-m", modelPath, "--port", "0", .. extraArguments];
        return new FakeRun(directory, modelPath, FakeServerProcess.Start(arguments));
    }

    /// <summary>Starts the fake and waits until it is ready; the client then points at its port.</summary>
    public static async Task<FakeRun> StartReadyAsync(FakeScenario scenario, params string[] extraArguments)
    {
        var run = Start(scenario, extraArguments);
        var port = await run.Process.WaitForReadyAsync(Deadline);
        run.Http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        return run;
    }

    /// <summary>POSTs a chat request; returns as soon as the response headers arrive.</summary>
    public Task<HttpResponseMessage> ChatAsync(object body, CancellationToken cancellationToken = default) =>
        Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = JsonContent.Create(body) },
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);

    /// <summary>A chat body with one user message and the given extra fields.</summary>
    public static Dictionary<string, object> ChatBody(bool stream, params (string Name, object Value)[] fields)
    {
        var body = new Dictionary<string, object>
        {
            ["messages"] = new[] { new { role = "user", content = "Say hello." } },
            ["stream"] = stream,
        };
        foreach (var (name, value) in fields)
        {
            body[name] = value;
        }

        return body;
    }

    /// <summary>A port nobody listens on right now (bound to 0 and released; tests only).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        Directory.Dispose();
    }
}
