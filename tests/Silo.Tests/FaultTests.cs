using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// Each fault on model "a" ends in its documented state with a reason a person understands, while model "b" keeps
/// running untouched (same process, still answering).
/// </summary>
public sealed class FaultTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";

    private static readonly Dictionary<string, string?> FastWatchdog = new()
    {
        ["Orchestrator:HealthProbeInterval"] = "00:00:00.100",
        ["Orchestrator:HealthProbeTimeout"] = "00:00:00.300",
        ["Orchestrator:GenerationStallTimeout"] = "00:00:01",
        ["Orchestrator:LoadTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task PortTaken_StartFailsWithTheBindError()
    {
        using var occupier = new TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        var port = ((IPEndPoint)occupier.LocalEndpoint).Port;
        await FaultAsync(new FakeScenario(), new Dictionary<string, object> { ["port"] = port }, async silo =>
        {
            using var start = await silo.PostAsync("/v1/models/a/start");
            Assert.Equal(HttpStatusCode.BadGateway, start.StatusCode);
        }, "Crashed", "couldn't bind HTTP server socket");
    }

    [Fact]
    public async Task MissingModelFile_StartFailsNamingTheFile() =>
        await FaultAsync(new FakeScenario(), null, async silo =>
        {
            File.Delete(Path.Combine(silo.Folder, "model-0.json"));
            using var start = await silo.PostAsync("/v1/models/a/start");
            Assert.Equal(HttpStatusCode.BadGateway, start.StatusCode);
        }, "Crashed", "model file not found");

    [Fact]
    public async Task ExitDuringLoad_CrashedWithExitCodeAndTheServersLastWords() =>
        await FaultAsync(new FakeScenario { LoadMs = 50, ExitAtLoadCode = 1, ExitAtLoadMessage = "gguf_init_from_file: failed to read tensor info" }, null, async silo =>
        {
            using var start = await silo.PostAsync("/v1/models/a/start");
        }, "Crashed", "exited with code 1 while loading the model; last output:");

    [Fact]
    public async Task HangDuringLoad_CrashedByTheLoadTimeout() =>
        await FaultAsync(new FakeScenario { HangAtLoad = true }, null, async silo =>
        {
            using var start = await silo.PostAsync("/v1/models/a/start");
        }, "Crashed", "not ready within the load timeout");

    [Fact]
    public async Task CrashMidStream_StreamEndsWithErrorAndModelCrashed() =>
        await FaultAsync(new FakeScenario { LoadMs = 0, TokenCount = 50, TokenDelayMs = 5, CrashAfterTokens = 3 }, null, async silo =>
        {
            await silo.StartModelAsync("a");
            Assert.Equal("error", (await ChatAsync(silo))[^1].Name);
            await WaitForStatusAsync(silo, "Crashed");
        }, "Crashed", "killed by SIGABRT");

    [Fact]
    public async Task HangMidStream_WatchdogDeclaresItUnresponsive() =>
        await FaultAsync(new FakeScenario { LoadMs = 0, TokenCount = 50, HangAfterTokens = 3 }, null, async silo =>
        {
            await silo.StartModelAsync("a");
            var events = await ChatAsync(silo);
            Assert.Equal("model-crashed", JsonDocument.Parse(events[^1].Data).RootElement.GetProperty("type").GetString());
            await WaitForStatusAsync(silo, "Crashed");
        }, "Crashed", "unresponsive: an answer stopped mid-way");

    [Fact]
    public async Task InBandErrorMidStream_StreamEndsWithTheServersMessage_ModelStaysRunning() =>
        await FaultAsync(new FakeScenario { LoadMs = 0, TokenCount = 50, ErrorAfterTokens = 4, ErrorMessage = "Context size has been exceeded." }, null, async silo =>
        {
            await silo.StartModelAsync("a");
            var events = await ChatAsync(silo);
            Assert.Contains("Context size has been exceeded.", events[^1].Data, StringComparison.Ordinal);
        }, "Running", null);

    [Fact]
    public async Task ContextExceededBeforeTheStream_OneErrorEvent_ModelStaysRunning() =>
        await FaultAsync(new FakeScenario { LoadMs = 0, ErrorAfterTokens = 0, ErrorMessage = "request (628 tokens) exceeds the available context size (256 tokens), try increasing it" }, null, async silo =>
        {
            await silo.StartModelAsync("a");
            var events = await ChatAsync(silo);
            Assert.Equal(["error"], events.Select(e => e.Name));
            Assert.Contains("exceeds the available context size", events[0].Data, StringComparison.Ordinal);
        }, "Running", null);

    [Fact]
    public async Task ChildKilledOutright_CrashedAtOnce() =>
        await FaultAsync(new FakeScenario { LoadMs = 0 }, null, async silo =>
        {
            var pid = (await silo.StartModelAsync("a")).GetProperty("pid").GetInt32();
            Signals.Send(pid, Signals.SigKill);
            await WaitForStatusAsync(silo, "Crashed");
        }, "Crashed", "killed by SIGKILL (exit code 137) while running");

    [Fact]
    public async Task StopMidStream_StreamEndsWithModelStopped() =>
        await FaultAsync(new FakeScenario { LoadMs = 0, TokenCount = 100_000, TokenDelayMs = 5 }, null, async silo =>
        {
            await silo.StartModelAsync("a");
            using var response = await silo.OpenChatAsync("a", Hello);
            var items = TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
            Assert.True(await items.MoveNextAsync());
            using var stop = await silo.PostAsync("/v1/models/a/stop");
            var last = items.Current;
            while (await items.MoveNextAsync())
            {
                last = items.Current;
            }

            Assert.Equal("model-stopped", JsonDocument.Parse(last.Data).RootElement.GetProperty("type").GetString());
        }, "Stopped", null);

    [Fact]
    public async Task SlowClientThatStopsReading_DoesNotStallTheModelOrTheSilo()
    {
        await FaultAsync(new FakeScenario { LoadMs = 0, TokenCount = 1_000_000 }, null, async silo =>
        {
            await silo.StartModelAsync("a");
            using var stalled = await silo.OpenChatAsync("a", Hello); // headers read, body never read
            var status = await silo.Http.GetStringAsync(new Uri("/v1/models/a", UriKind.Relative));
            Assert.Contains("Running", status, StringComparison.Ordinal);
            using var stop = await silo.PostAsync("/v1/models/a/stop");
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        }, "Stopped", null);
    }

    private static async Task FaultAsync(FakeScenario fault, IReadOnlyDictionary<string, object>? extra, Func<TestSilo, Task> act, string status, string? reason)
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(FastWatchdog, ("a", fault, extra), ("b", new FakeScenario { LoadMs = 0 }, null));
        var bystander = await silo.StartModelAsync("b");

        await act(silo);
        var view = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/models/a", UriKind.Relative))).RootElement;

        Assert.Equal(status, view.GetProperty("status").GetString());
        if (reason is null)
        {
            Assert.Equal(JsonValueKind.Null, view.GetProperty("reason").ValueKind);
        }
        else
        {
            Assert.Contains(reason, view.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        var b = JsonDocument.Parse(await silo.Http.GetStringAsync(new Uri("/v1/models/b", UriKind.Relative))).RootElement;
        Assert.Equal("Running", b.GetProperty("status").GetString());
        Assert.Equal(bystander.GetProperty("pid").GetInt32(), b.GetProperty("pid").GetInt32());
        using var chat = await silo.OpenChatAsync("b", Hello);
        var names = new List<string>();
        await foreach (var item in TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()))
        {
            names.Add(item.EventType);
        }

        Assert.Equal("done", names[^1]);
    }

    private static async Task<List<(string Name, string Data)>> ChatAsync(TestSilo silo)
    {
        using var response = await silo.OpenChatAsync("a", Hello);
        var events = new List<(string, string)>();
        await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()))
        {
            events.Add((item.EventType, item.Data));
        }

        return events;
    }

    private static async Task WaitForStatusAsync(TestSilo silo, string status)
    {
        for (var i = 0; i < 1000; i++)
        {
            if ((await silo.Http.GetStringAsync(new Uri("/v1/models/a", UriKind.Relative))).Contains($"\"status\":\"{status}\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(10); // the exit event follows the broken stream by a few milliseconds
        }

        Assert.Fail($"model a never became {status}");
    }
}
