using System.Net;
using System.Net.Sockets;
using Orchestrator.TestSupport;

namespace Orchestrator.FakeLlamaServer.Tests;

/// <summary>Start-up as llama-server does it: command line, log lines, port binding, 503 while loading, load failures.</summary>
public sealed class StartupTests
{
    private const string LoadingBody = """{"error":{"message":"Loading model","type":"unavailable_error","code":503}}""";

    [Fact]
    public async Task Health_WhileLoading_Is503ThenOk()
    {
        var port = FakeRun.FreePort();
        await using var run = FakeRun.Start(new FakeScenario { LoadMs = 1000 }, "--port", $"{port}");
        run.Http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");

        var answers = new List<(HttpStatusCode Status, string Body)>();
        var deadline = DateTime.UtcNow + FakeRun.Deadline;
        while (answers.Count == 0 || answers[^1].Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"not ready in time: {string.Join(", ", answers.Select(a => a.Status))}");
            try
            {
                using var response = await run.Http.GetAsync("health");
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException)
            {
                // Not bound yet: a probe sees connection refused for the first milliseconds.
            }

            await Task.Delay(10);
        }

        Assert.Equal((HttpStatusCode.ServiceUnavailable, LoadingBody), answers[0]);
        Assert.Equal((HttpStatusCode.OK, """{"status":"ok"}"""), answers[^1]);
    }

    [Fact]
    public async Task Loading_AnswersEveryEndpointWith503()
    {
        var port = FakeRun.FreePort();
        await using var run = FakeRun.Start(new FakeScenario { HangAtLoad = true }, "--port", $"{port}");
        // Printed after the port is bound, before the (endless) load.
        await run.Process.WaitForLineAsync("main: loading model");
        run.Http.BaseAddress = new Uri($"http://127.0.0.1:{port}/");

        foreach (var request in new[]
        {
            new HttpRequestMessage(HttpMethod.Get, "health"),
            new HttpRequestMessage(HttpMethod.Get, "v1/models"),
            new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = new StringContent("{}") },
            new HttpRequestMessage(HttpMethod.Get, "no/such/path"),
        })
        {
            using var response = await run.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(LoadingBody, await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Ready_PrintsTheReadyLinesInOrder_WithTheRealPort_AndNothingOnStdout()
    {
        await using var run = FakeRun.Start(new FakeScenario { LoadMs = 0 });
        var port = await run.Process.WaitForReadyAsync(FakeRun.Deadline);

        var lines = run.Process.StderrLines.ToList();
        var loaded = lines.IndexOf("main: model loaded");
        Assert.True(loaded > lines.IndexOf("main: loading model"), "loading before loaded");
        Assert.Equal($"main: server is listening on http://127.0.0.1:{port}", lines[loaded + 1]);
        Assert.Equal("main: starting the main loop...", lines[loaded + 2]);
        Assert.InRange(port, 1, 65535);
        // The fake records its ready instant right after printing the ready lines.
        await FakeEventLog.WaitForAsync(run.EventsFile, FakeEvent.Ready, FakeRun.Deadline);

        using var health = await new HttpClient().GetAsync(new Uri($"http://127.0.0.1:{port}/health"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        run.Process.Signal(Signals.SigTerm);
        Assert.Equal(0, await run.Process.WaitForExitAsync());
        Assert.Equal("", await run.Process.StdoutAsync);
    }

    [Fact]
    public async Task CommonFlags_AreAccepted_AndShapeTheLog()
    {
        await using var run = FakeRun.Start(
            new FakeScenario { LoadMs = 0 },
            "-ngl", "99", "-t", "2", "--jinja", "--no-webui", "-c", "2048", "-np", "2", "--ctx_size", "4096");
        await run.Process.WaitForReadyAsync(FakeRun.Deadline);

        Assert.Contains("Web UI is disabled", run.Process.StderrLines);
        Assert.Contains("srv    load_model: initializing slots, n_slots = 2", run.Process.StderrLines);
        // The last --ctx-size wins (spelt with '_', which llama.cpp reads as '-'), split over the two slots.
        Assert.Contains("slot   load_model: id  1 | task -1 | new slot, n_ctx = 2048", run.Process.StderrLines);
        Assert.StartsWith("system_info: n_threads = 2 ", run.Process.StderrLines.Single(l => l.StartsWith("system_info", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlamaArgEnvironment_IsHonoured_LikeLlamaServer()
    {
        using var directory = new TempDirectory();
        var model = new FakeScenario { LoadMs = 0 }.WriteToFile(directory.Path);
        await using var fake = FakeServerProcess.Start(
            ["-m", model, "--port", "0"], new Dictionary<string, string> { ["LLAMA_ARG_ALIAS"] = "from-env", ["LLAMA_ARG_PORT"] = "1" });
        var port = await fake.WaitForReadyAsync(FakeRun.Deadline);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var models = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("v1/models")).RootElement;
        Assert.Equal("from-env", models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Contains("warn: LLAMA_ARG_PORT environment variable is set, but will be overwritten by command line argument --port", fake.StderrLines);
    }

    [Fact]
    public async Task UnknownFlag_ExitsOne_WithLlamaServersError()
    {
        await using var fake = FakeServerProcess.Start(["-m", "/nonexistent.gguf", "--frobnicate", "3"]);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.Equal(["error: invalid argument: --frobnicate"], fake.StderrLines);
        Assert.Equal("", await fake.StdoutAsync);
    }

    [Fact]
    public async Task Version_PrintsVersionAndBuildOnStderr_ExitsZeroBeforeTheRest()
    {
        // llama-server handles --version where it stands: a bad argument after it is never read.
        await using var fake = FakeServerProcess.Start(["--version", "--frobnicate"]);

        Assert.Equal(0, await fake.WaitForExitAsync());
        Assert.Equal("version: 0 (fakellama)", fake.StderrLines[0]);
        Assert.StartsWith("built with ", fake.StderrLines[1], StringComparison.Ordinal);
        Assert.Equal(2, fake.StderrLines.Count);
        Assert.Equal("", await fake.StdoutAsync);
    }

    [Fact]
    public async Task FlagWithoutValue_ExitsOne_WithUsage()
    {
        await using var fake = FakeServerProcess.Start(["-m", "/x.gguf", "--port"]);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.Equal("error while handling argument \"--port\": expected value for argument", fake.StderrLines[0]);
        Assert.Contains(fake.StderrLines, l => l.StartsWith("--port PORT", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingModelFile_ExitsOne_WithGgufOpenError()
    {
        using var directory = new TempDirectory();
        var missing = directory.File("absent.gguf");
        await using var fake = FakeServerProcess.StartOnFreePort(missing);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.Contains($"gguf_init_from_file: failed to open GGUF file '{missing}' (No such file or directory)", fake.StderrLines);
        Assert.Equal("main: exiting due to model loading error", fake.StderrLines[^1]);
    }

    [Fact]
    public async Task PortTaken_ExitsOne_WithBindError()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        using var directory = new TempDirectory();
        await using var fake = FakeServerProcess.Start(["-m", new FakeScenario().WriteToFile(directory.Path), "--port", $"{port}"]);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.Contains($"start: couldn't bind HTTP server socket, hostname: 127.0.0.1, port: {port}", fake.StderrLines);
        Assert.Equal("main: exiting due to HTTP server error", fake.StderrLines[^1]);
    }

    [Fact]
    public async Task ExitAtLoad_ExitsWithTheCode_AfterPrintingTheMessage()
    {
        await using var run = FakeRun.Start(new FakeScenario { LoadMs = 0, ExitAtLoadCode = 3, ExitAtLoadMessage = "ggml_abort: out of memory" });

        Assert.Equal(3, await run.Process.WaitForExitAsync());
        Assert.Equal("ggml_abort: out of memory", run.Process.StderrLines[^1]);
        Assert.DoesNotContain("main: model loaded", run.Process.StderrLines);
    }

    [Fact]
    public async Task MisspeltScenarioField_FailsTheLoad()
    {
        using var directory = new TempDirectory();
        var path = directory.File("bad.json");
        await File.WriteAllTextAsync(path, """{ "load_msec": 5 }""");
        await using var fake = FakeServerProcess.StartOnFreePort(path);

        Assert.Equal(1, await fake.WaitForExitAsync());
        Assert.Contains(fake.StderrLines, l => l.Contains("field 'load_msec'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryFakeScenarioField_IsUnderstoodByTheFake()
    {
        // The fake rejects unknown fields, so this fails if TestSupport and the fake ever disagree on a name.
        var everything = new FakeScenario
        {
            LoadMs = 0, HangAtLoad = false, ExitAtLoadCode = 7, ExitAtLoadMessage = "all fields read",
            Tokens = ["x"], TokenCount = 1, TokenDelayMs = 0, PromptDelayMs = 0,
            CrashAfterTokens = 5, CrashExitCode = 134, CrashSignal = 6, HangAfterTokens = 5, FreezeAfterTokens = 5,
            ErrorAfterTokens = 5, ErrorMessage = "e", IgnoreSigtermInFlight = true,
        };
        Assert.All(typeof(FakeScenario).GetProperties().Where(p => p.Name != nameof(FakeScenario.EventsFile)),
            p => Assert.NotNull(p.GetValue(everything)));

        await using var run = FakeRun.Start(everything);

        Assert.Equal(7, await run.Process.WaitForExitAsync());
        Assert.Equal("all fields read", run.Process.StderrLines[^1]);
    }

    [Fact]
    public async Task NonJsonModelFile_RunsTheDefaults_AndIsNamedByItsFileName()
    {
        using var directory = new TempDirectory();
        var path = directory.File("tiny-q4.gguf");
        await File.WriteAllBytesAsync(path, [.. "GGUF"u8, 3, 0, 0, 0]);
        await using var fake = FakeServerProcess.StartOnFreePort(path);
        var port = await fake.WaitForReadyAsync(FakeRun.Deadline);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };

        var models = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("v1/models")).RootElement;
        Assert.Equal("tiny-q4.gguf", models.GetProperty("data")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Models_ReportsTheAlias()
    {
        await using var run = await FakeRun.StartReadyAsync(new FakeScenario { LoadMs = 0 }, "--alias", "local/tiny:q0");

        var models = System.Text.Json.JsonDocument.Parse(await run.Http.GetStringAsync("v1/models")).RootElement;
        Assert.Equal("list", models.GetProperty("object").GetString());
        Assert.Equal("local/tiny:q0", models.GetProperty("data")[0].GetProperty("id").GetString());
        Assert.Equal("local/tiny:q0", models.GetProperty("models")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task UnixSocketHost_ListensThere()
    {
        using var directory = new TempDirectory();
        var socket = directory.File("fake.sock");
        await using var fake = FakeServerProcess.Start(["-m", new FakeScenario { LoadMs = 0 }.WriteToFile(directory.Path), "--host", socket]);
        await fake.WaitForLineAsync($"main: server is listening on unix://{socket}");

        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), ct);
                return new NetworkStream(s, ownsSocket: true);
            },
        });
        Assert.Equal("""{"status":"ok"}""", await http.GetStringAsync(new Uri("http://localhost/health")));
    }
}
