using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>models.json edited while the silo runs: added, removed, changed, broken, and saved by rename.</summary>
public sealed class RegistryReloadTests
{
    private const string Hello = """{"messages":[{"role":"user","content":"Hello"}]}""";
    private static readonly TimeSpan ReloadWait = TimeSpan.FromSeconds(15);
    private static readonly Dictionary<string, string?> LogReloads = new()
    {
        ["Logging:LogLevel:Orchestrator.Silo.Registry"] = "Information",
        ["Logging:LogLevel:Orchestrator.Grains.Models"] = "Information",
    };
    private static readonly FakeScenario Quick = new() { LoadMs = 0 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AddedModel_Appears_AndStarts(bool byRename)
    {
        await using var silo = await TestSilo.StartAsync(LogReloads, ("a", Quick));

        await silo.RewriteModelsAsync(byRename, ("a", Quick, null), ("b", Quick, null));
        await silo.Logs.WaitForAsync(l => l.Contains("added b", StringComparison.Ordinal), ReloadWait);

        Assert.Equal(["a", "b"], (await ListAsync(silo)).Select(m => m.GetProperty("id").GetString()));
        Assert.Equal("Running", (await silo.StartModelAsync("b")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AddedModel_WithPreload_StartsByItself()
    {
        await using var silo = await TestSilo.StartAsync(LogReloads, ("a", Quick));

        await silo.RewriteModelsAsync(false, ("a", Quick, null), ("b", Quick, new Dictionary<string, object> { ["preload"] = true }));

        await silo.Logs.WaitForAsync(l => l.Contains("Model b: Starting -> Running", StringComparison.Ordinal), ReloadWait);
    }

    [Fact]
    public async Task RemovedModel_ChatInFlightEndsDone_ThenTheModelStopsAndIsGone()
    {
        var slow = new FakeScenario { LoadMs = 0, TokenCount = 40, TokenDelayMs = 25 };
        await using var silo = await TestSilo.StartAsync(LogReloads, ("a", slow), ("b", Quick));
        await silo.StartModelAsync("a");
        using var chat = await silo.OpenChatAsync("a", Hello);
        var events = TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        await silo.RewriteModelsAsync(false, ("b", Quick, null));
        await silo.Logs.WaitForAsync(l => l.Contains("removed a", StringComparison.Ordinal), ReloadWait);

        Assert.Equal(["b"], (await ListAsync(silo)).Select(m => m.GetProperty("id").GetString()));
        using (var refused = await silo.OpenChatAsync("a", Hello))
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }

        var last = events.Current;
        while (await events.MoveNextAsync())
        {
            last = events.Current;
        }

        Assert.Equal("done", last.EventType); // not cut by the removal
        await silo.Logs.WaitForAsync(l => l.Contains("Model a: Stopping -> Stopped (removed) removed from models.json", StringComparison.Ordinal), ReloadWait);
        Assert.Empty(silo.LiveFakes());
        using var start = await silo.PostAsync("/v1/models/a/start");
        Assert.Equal(HttpStatusCode.NotFound, start.StatusCode);
    }

    [Fact]
    public async Task ChangedModel_KeepsRunningAsItWas_AndTakesTheNewDefinitionAtItsNextStart()
    {
        await using var silo = await TestSilo.StartAsync(LogReloads, ("a", new FakeScenario { LoadMs = 0, Tokens = ["old"], TokenCount = 1 }));
        await silo.StartModelAsync("a");

        await silo.RewriteModelsAsync(true, ("a", new FakeScenario { LoadMs = 0, Tokens = ["new"], TokenCount = 1 }, new Dictionary<string, object> { ["memory_mb"] = 123 }));
        await silo.Logs.WaitForAsync(l => l.Contains("changed a", StringComparison.Ordinal), ReloadWait);

        Assert.Equal("old", await AnswerAsync(silo, "a"));
        using (await silo.PostAsync("/v1/models/a/stop"))
        {
        }

        var restarted = await silo.StartModelAsync("a");
        Assert.Equal("new", await AnswerAsync(silo, "a"));
        Assert.Equal(123, restarted.GetProperty("memoryMb").GetInt32());
    }

    [Fact]
    public async Task BrokenEdit_KeepsTheModelsInUse_LogsAndShowsTheStartupError_UntilFixed()
    {
        await using var silo = await TestSilo.StartAsync(LogReloads, ("a", Quick));
        await silo.StartModelAsync("a");
        var good = await File.ReadAllTextAsync(Path.Combine(silo.Folder, "models.json"));
        var broken = good.Replace("\"version\":\"1\"", "\"version\":1", StringComparison.Ordinal);
        var startupError = Assert.Throws<Grains.Interfaces.Errors.RegistryException>(() => Grains.Interfaces.Registry.ModelRegistry.Parse(broken, Path.Combine(silo.Folder, "models.json"))).Message;

        await silo.RewriteModelsTextAsync(broken);
        var logged = await silo.Logs.WaitForAsync(l => l.Contains("cannot be used", StringComparison.Ordinal), ReloadWait);

        Assert.Contains(startupError, logged, StringComparison.Ordinal);
        Assert.StartsWith("Error ", logged, StringComparison.Ordinal);
        var registry = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/registry");
        Assert.Equal(startupError, registry.GetProperty("error").GetString());
        var models = await ListAsync(silo);
        Assert.Equal("Running", Assert.Single(models).GetProperty("status").GetString());

        await silo.RewriteModelsTextAsync(good, byRename: true);
        await silo.Logs.WaitForAsync(l => l.Contains("no model changed", StringComparison.Ordinal), ReloadWait);
        registry = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/registry");
        Assert.Equal(JsonValueKind.Null, registry.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task FileDeleted_IsABrokenEdit_TheModelsStay()
    {
        await using var silo = await TestSilo.StartAsync(LogReloads, ("a", Quick));

        File.Delete(Path.Combine(silo.Folder, "models.json"));
        await silo.Logs.WaitForAsync(l => l.Contains("cannot be used", StringComparison.Ordinal), ReloadWait);

        Assert.Single(await ListAsync(silo));
        var registry = await silo.Http.GetFromJsonAsync<JsonElement>("/v1/registry");
        Assert.Contains("cannot read the registry", registry.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement[]> ListAsync(TestSilo silo) =>
        (await silo.Http.GetFromJsonAsync<JsonElement[]>("/v1/models"))!;

    private static async Task<string> AnswerAsync(TestSilo silo, string id)
    {
        using var response = await silo.OpenChatAsync(id, Hello);
        var text = new StringBuilder();
        await foreach (var item in TestSilo.ReadEvents(await response.Content.ReadAsStreamAsync()))
        {
            if (item.EventType == "delta")
            {
                text.Append(JsonDocument.Parse(item.Data).RootElement.GetProperty("content").GetString());
            }
        }

        return text.ToString();
    }
}
