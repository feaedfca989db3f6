using System.Net;
using System.Text.Json;

namespace Orchestrator.Silo.Tests;

/// <summary>
/// Opt-in: runs only when <c>LLAMA_SERVER_PATH</c> (a llama-server binary) and <c>ORCH_TEST_MODEL</c> (a GGUF file) are
/// set, and is reported as skipped otherwise.
/// </summary>
public sealed class RealLlamaServerTests
{
    [RealLlamaServerFact]
    public async Task RealServer_StartChatStop_ThroughTheSilo()
    {
        var folder = Directory.CreateTempSubdirectory("orch-real-").FullName;
        var registry = Path.Combine(folder, "models.json");
        await File.WriteAllTextAsync(registry, JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, object>
            {
                ["full_identifier"] = "local/real:test",
                ["provider"] = "test",
                ["library"] = "test",
                ["name"] = "real",
                ["version"] = "test",
                ["manifest"] = "none",
                ["model_file_path"] = Environment.GetEnvironmentVariable("ORCH_TEST_MODEL")!,
                ["server_args"] = new[] { "-c", "2048", "-np", "2" },
            },
        }));
        var app = SiloApplication.Build([], b => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(b.Configuration, new Dictionary<string, string?>
        {
            ["Orchestrator:ModelsPath"] = registry,
            ["Orchestrator:Port"] = "0",
            ["Orchestrator:StateDirectory"] = Path.Combine(folder, "state"),
            ["Orchestrator:LlamaServerPath"] = Environment.GetEnvironmentVariable("LLAMA_SERVER_PATH"),
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        await app.StartAsync();
        try
        {
            var info = JsonSerializer.Deserialize<Grains.Interfaces.Discovery.SiloInfo>(await File.ReadAllTextAsync(Path.Combine(folder, "state", "silo.json")), JsonSerializerOptions.Web)!;
            using var http = new HttpClient { BaseAddress = new Uri(info.Url) };
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", info.Token);
            const string Segment = "local%2Freal%3Atest";

            using var start = await http.PostAsync(new Uri($"/v1/models/{Segment}/start", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);

            // The memory estimate's KV cache is the one llama-server allocates ("llama_kv_cache: size = 1.00 MiB ...").
            var view = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement;
            var estimate = System.Text.RegularExpressions.Regex.Match(view.GetProperty("memorySource").GetString()!, @"\+ (\d+) MB KV cache \(2048 tokens\)");
            Assert.True(estimate.Success, view.GetProperty("memorySource").GetString());
            var logs = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/models/{Segment}/logs?tail=2000", UriKind.Relative))).RootElement;
            var allocated = logs.EnumerateArray().Select(l => System.Text.RegularExpressions.Regex.Match(l.GetProperty("text").GetString()!, @"llama_kv_cache: size = +([\d.]+) MiB")).First(m => m.Success);
            Assert.Equal((int)Math.Ceiling(double.Parse(allocated.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)), int.Parse(estimate.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));

            using var chat = await http.PostAsync(new Uri($"/v1/models/{Segment}/chat", UriKind.Relative), new StringContent("""{"messages":[{"role":"user","content":"Hello"}],"max_tokens":16}""", System.Text.Encoding.UTF8, "application/json"));
            var names = new List<string>();
            await foreach (var item in TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()))
            {
                names.Add(item.EventType);
            }

            Assert.Contains("delta", names);
            Assert.Equal("done", names[^1]);

            using var stop = await http.PostAsync(new Uri($"/v1/models/{Segment}/stop", UriKind.Relative), null);
            Assert.Equal("Stopped", JsonDocument.Parse(await stop.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>A fact that is skipped (and reported as skipped) unless a real llama-server and a model are configured.</summary>
public sealed class RealLlamaServerFactAttribute : FactAttribute
{
    public RealLlamaServerFactAttribute()
    {
        var binary = Environment.GetEnvironmentVariable("LLAMA_SERVER_PATH");
        var model = Environment.GetEnvironmentVariable("ORCH_TEST_MODEL");
        if (string.IsNullOrEmpty(binary) || string.IsNullOrEmpty(model) || !File.Exists(binary) || !File.Exists(model))
        {
            Skip = "needs a real llama-server: set LLAMA_SERVER_PATH to the binary and ORCH_TEST_MODEL to a GGUF file";
        }
    }
}
