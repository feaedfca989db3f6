using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

/// <summary>orch models import: fake stores built here (real GGUF headers), merged into a models.json field by field.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private const string Blob = "6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa";
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-import-").FullName;

    private string Registry => Path.Combine(_folder, "models.json");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Ollama_EachManifestIsAnEntry_ParamsBecomeServerArgs_BrokenOnesAreReportedAndSkipped()
    {
        var store = OllamaStore();
        using var cli = new CliHarness();

        var code = await cli.RunAsync("models", "import", "--from", "ollama", "--store", store, "--models", Registry);

        Assert.Equal(0, code);
        var models = ModelRegistry.Load(Registry).Models;
        var llama = Assert.Single(models, m => m.Id.Value == "registry.ollama.ai/library/llama3.2:3b");
        Assert.Equal(("ollama", "library", "llama3.2", "3b"), (llama.Provider, llama.Library, llama.Name, llama.Version));
        Assert.Equal(Path.Combine(store, "manifests", "registry.ollama.ai", "library", "llama3.2", "3b"), llama.Manifest);
        Assert.Equal(Path.Combine(store, "blobs", $"sha256-{Blob}"), llama.ModelFilePath);
        Assert.Equal(["-c", "8192", "-r", "<|eot_id|>", "-r", "<|end_of_text|>", "--temp", "0.6", "-n", "512"], llama.ServerArguments);
        Assert.Single(models, m => m.Id.Value == "registry.ollama.ai/someone/tiny:latest");
        Assert.Equal(2, models.Count);
        Assert.Contains($"skipped {Path.Combine(store, "manifests", "registry.ollama.ai", "library", "broken", "latest")}: broken manifest", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Contains("not a GGUF file", cli.Stderr.Text, StringComparison.Ordinal); // the manifest whose blob is text
        Assert.Contains("+ registry.ollama.ai/library/llama3.2:3b", cli.Stdout.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HuggingFace_SnapshotsGgufFiles_SplitModelIsOne_NonGgufIsSkipped()
    {
        var hub = Path.Combine(_folder, "hub");
        var qwen = new GgufWriter().Write(Path.Combine(hub, "models--Qwen--Qwen2.5-0.5B-Instruct-GGUF", "snapshots", "abc123", "qwen2.5-0.5b-instruct-q4_k_m.gguf"));
        var big = Path.Combine(hub, "models--org--Big-GGUF", "snapshots", "r1");
        foreach (var part in new[] { 1, 2, 3 })
        {
            new GgufWriter().Write(Path.Combine(big, $"big-Q8_0-0000{part}-of-00003.gguf"));
        }

        var twin = new GgufWriter().Write(Path.Combine(hub, "models--Qwen--Qwen2.5-0.5B-Instruct-GGUF", "snapshots", "abc123", "qwen2.5-0.5b-math-q4_k_m.gguf"));
        var fake = Path.Combine(hub, "models--org--Fake-GGUF", "snapshots", "r1", "readme-q4_0.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(fake)!);
        await File.WriteAllTextAsync(fake, "this is not a model");
        using var cli = new CliHarness(width: 1000, variables: new Dictionary<string, string> { ["HF_HUB_CACHE"] = hub });

        Assert.Equal(0, await cli.RunAsync("models", "import", "--from", "huggingface", "--models", Registry));

        var models = ModelRegistry.Load(Registry).Models;
        Assert.Equal(["hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M", "hf.co/org/Big-GGUF:Q8_0"], models.Select(m => m.Id.Value));
        var first = models[0];
        Assert.Equal(("huggingface", "Qwen", "Qwen2.5-0.5B-Instruct-GGUF", "Q4_K_M", "https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF", qwen),
            (first.Provider, first.Library, first.Name, first.Version, first.Manifest, first.ModelFilePath));
        Assert.Equal(Path.Combine(big, "big-Q8_0-00001-of-00003.gguf"), models[1].ModelFilePath);
        Assert.Contains($"skipped {fake}: not a GGUF file", cli.Stderr.Text, StringComparison.Ordinal);
        // Two files of one repository with one quantisation: one id, so one is imported and the other said.
        Assert.Contains($"skipped {twin}: same id hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M as {qwen}", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LmStudio_PublisherRepoFile_FromTheDefaultFolderUnderHome()
    {
        var home = Path.Combine(_folder, "home");
        var file = new GgufWriter().Write(Path.Combine(home, ".lmstudio", "models", "lmstudio-community", "Meta-Llama-3-8B-Instruct-GGUF", "Meta-Llama-3-8B-Instruct-Q4_K_M.gguf"));
        using var cli = new CliHarness(variables: new Dictionary<string, string> { ["HOME"] = home });

        Assert.Equal(0, await cli.RunAsync("models", "import", "--from", "lmstudio", "--models", Registry));

        var model = Assert.Single(ModelRegistry.Load(Registry).Models);
        Assert.Equal(("lmstudio/lmstudio-community/Meta-Llama-3-8B-Instruct-GGUF:Q4_K_M", "lmstudio", "lmstudio-community", "Meta-Llama-3-8B-Instruct-GGUF", "Q4_K_M", file),
            (model.Id.Value, model.Provider, model.Library, model.Name, model.Version, model.ModelFilePath));
    }

    [Fact]
    public async Task OneFile_ByPath_QuantisationFromTheHeaderWhenTheNameHasNone()
    {
        var file = new GgufWriter { FileType = 7 }.Write(Path.Combine(_folder, "my-model.gguf"));
        using var cli = new CliHarness();

        Assert.Equal(0, await cli.RunAsync("models", "import", file, "--models", Registry));

        var model = Assert.Single(ModelRegistry.Load(Registry).Models);
        Assert.Equal(("local/my-model:Q8_0", "local", "my-model", "Q8_0", file), (model.Id.Value, model.Provider, model.Name, model.Version, model.ModelFilePath));
    }

    [Fact]
    public async Task OneFile_NotGguf_IsRefusedWithTheReason_AndNothingIsWritten()
    {
        var file = Path.Combine(_folder, "notes.gguf");
        await File.WriteAllTextAsync(file, "{}");
        using var cli = new CliHarness();

        Assert.Equal(1, await cli.RunAsync("models", "import", file, "--models", Registry));

        Assert.False(File.Exists(Registry));
        Assert.Contains("not a GGUF file", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_KeepsTheUsersFields_AndBringsTheStoresFieldsUpToDate()
    {
        var store = OllamaStore();
        await File.WriteAllTextAsync(Registry, """
            {"models": [{"full_identifier": "registry.ollama.ai/library/llama3.2:3b", "provider": "ollama", "library": "library", "name": "llama3.2", "version": "3b",
              "manifest": "old", "model_file_path": "/gone/old.gguf", "server_args": ["-c", "2048"], "port": 8791, "env": {"A": "1"}, "ttl": 600, "memory_mb": 3000, "description": "mine"}]}
            """);
        using var cli = new CliHarness();

        Assert.Equal(0, await cli.RunAsync("models", "import", "--from", "ollama", "--store", store, "--models", Registry));

        var llama = ModelRegistry.Load(Registry).Models.Single(m => m.Id.Value == "registry.ollama.ai/library/llama3.2:3b");
        Assert.Equal(Path.Combine(store, "blobs", $"sha256-{Blob}"), llama.ModelFilePath);
        Assert.Equal(["-c", "2048"], llama.ServerArguments); // the user's, not the store's params
        Assert.Equal(8791, llama.Port);
        Assert.Equal("1", llama.Environment["A"]);
        Assert.Equal(ModelPolicy.None with { Ttl = TimeSpan.FromSeconds(600), MemoryMb = 3000 }, llama.Policy);
        Assert.Equal("\"mine\"", llama.Extensions["description"].GetRawText());
        Assert.Contains("~ registry.ollama.ai/library/llama3.2:3b: model_file_path /gone/old.gguf -> ", cli.Stdout.Text, StringComparison.Ordinal);
        var text = await File.ReadAllTextAsync(Registry);
        Assert.Contains("\n    {\n      \"full_identifier\"", text, StringComparison.Ordinal); // 2-space indentation
    }

    [Fact]
    public async Task VanishedEntries_AreReported_AndDeletedOnlyWithPrune()
    {
        var store = OllamaStore();
        await File.WriteAllTextAsync(Registry, """
            [{"full_identifier": "registry.ollama.ai/library/old:1", "provider": "ollama", "library": "library", "name": "old", "version": "1", "manifest": "m", "model_file_path": "/nowhere/old.gguf"},
             {"full_identifier": "mine/other:1", "provider": "huggingface", "library": "x", "name": "y", "version": "1", "manifest": "m", "model_file_path": "/nowhere/y.gguf"}]
            """);
        using var kept = new CliHarness();

        Assert.Equal(0, await kept.RunAsync("models", "import", "--from", "ollama", "--store", store, "--models", Registry));
        Assert.Contains("- registry.ollama.ai/library/old:1: its file is gone (/nowhere/old.gguf): kept; --prune deletes it", kept.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("registry.ollama.ai/library/old:1", ModelRegistry.Load(Registry).Models.Select(m => m.Id.Value));

        using var pruned = new CliHarness();
        Assert.Equal(0, await pruned.RunAsync("models", "import", "--from", "ollama", "--store", store, "--models", Registry, "--prune"));
        var ids = ModelRegistry.Load(Registry).Models.Select(m => m.Id.Value).ToList();
        Assert.DoesNotContain("registry.ollama.ai/library/old:1", ids);
        Assert.Contains("mine/other:1", ids); // another provider's entry is not this import's to judge
    }

    [Fact]
    public async Task DryRun_PrintsTheChanges_AndWritesNothing()
    {
        var store = OllamaStore();
        await File.WriteAllTextAsync(Registry, "[]");
        using var cli = new CliHarness();

        Assert.Equal(0, await cli.RunAsync("models", "import", "--from", "ollama", "--store", store, "--models", Registry, "--dry-run"));

        Assert.Equal("[]", await File.ReadAllTextAsync(Registry));
        Assert.Contains("+ registry.ollama.ai/library/llama3.2:3b", cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Contains("dry run: nothing written", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_SaysWhatChanged_AndNothingElseOnStdout()
    {
        var store = OllamaStore();
        using var cli = new CliHarness();

        Assert.Equal(0, await cli.RunAsync("models", "import", "--from", "ollama", "--store", store, "--models", Registry, "--json"));

        var view = cli.Json();
        Assert.Equal(["registry.ollama.ai/library/llama3.2:3b", "registry.ollama.ai/someone/tiny:latest"], view.GetProperty("added").EnumerateArray().Select(a => a.GetString()).Order());
        Assert.Equal(2, view.GetProperty("skipped").GetArrayLength());
        Assert.True(view.GetProperty("written").GetBoolean());
    }

    [Fact]
    public async Task NeitherPathNorFrom_IsAUsageError()
    {
        using var cli = new CliHarness();

        Assert.Equal(2, await cli.RunAsync("models", "import"));
        Assert.Contains("say what to import", cli.Stderr.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportIntoARunningSilosModelsJson_TheModelAppears_StartsOnAFakeServer_AndShowsItsFacts()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Logging:LogLevel:Orchestrator.Silo.Registry"] = "Information" }, ("existing", new FakeScenario { LoadMs = 0 }));
        var file = new GgufWriter { ContextLength = 4096 }.Write(Path.Combine(silo.Folder, "imported-Q4_K_M.gguf"));
        using var import = new CliHarness();

        Assert.Equal(0, await import.RunAsync("models", "import", file, "--models", Path.Combine(silo.Folder, "models.json")));
        await silo.Logs.WaitForAsync(l => l.Contains("added local/imported:Q4_K_M", StringComparison.Ordinal), TimeSpan.FromSeconds(15));

        await using var client = await silo.ConnectClientAsync();
        Assert.Equal(ModelStatus.Running, (await client.StartAsync("local/imported:Q4_K_M")).Status); // FakeLlamaServer serves a GGUF file too
        using var wide = new CliHarness(redirected: true);
        Assert.Equal(0, await wide.RunAsync(Args.For(silo, "models", "--wide")));
        var lines = wide.Stdout.Text.Split('\n');
        Assert.Matches(@"^ID +STATUS +MEMORY +ARCH +PARAMS +CTX +QUANT +SIZE +TTL +PORT +PID +SINCE +UPTIME +TOK/S$", lines[0]);
        Assert.Matches(@"^local/imported:Q4_K_M +Running +~5 MB +llama +256256 +4096 +Q4_K_M +1 MB +- +\d+ +\d+ ", Assert.Single(lines, l => l.StartsWith("local/imported", StringComparison.Ordinal)));
    }

    /// <summary>An Ollama store: two good models (one with a params layer), a broken manifest, one whose blob is not GGUF.</summary>
    private string OllamaStore()
    {
        var store = Path.Combine(_folder, "ollama");
        new GgufWriter().Write(Path.Combine(store, "blobs", $"sha256-{Blob}"));
        const string Params = "1111111111111111111111111111111111111111111111111111111111111111";
        File.WriteAllText(Path.Combine(store, "blobs", $"sha256-{Params}"), """{"num_ctx": 8192, "stop": ["<|eot_id|>", "<|end_of_text|>"], "temperature": 0.6, "num_predict": 512, "mirostat": 1}""");
        Manifest(store, "library/llama3.2/3b", ("application/vnd.ollama.image.model", Blob), ("application/vnd.ollama.image.params", Params), ("application/vnd.ollama.image.template", "2222"));
        const string Tiny = "3333333333333333333333333333333333333333333333333333333333333333";
        new GgufWriter().Write(Path.Combine(store, "blobs", $"sha256-{Tiny}"));
        Manifest(store, "someone/tiny/latest", ("application/vnd.ollama.image.model", Tiny));
        const string Text = "4444444444444444444444444444444444444444444444444444444444444444";
        File.WriteAllText(Path.Combine(store, "blobs", $"sha256-{Text}"), "not a model");
        Manifest(store, "library/textonly/latest", ("application/vnd.ollama.image.model", Text));
        var broken = Path.Combine(store, "manifests", "registry.ollama.ai", "library", "broken", "latest");
        Directory.CreateDirectory(Path.GetDirectoryName(broken)!);
        File.WriteAllText(broken, "{\"layers\": [");
        return store;
    }

    private static void Manifest(string store, string path, params (string MediaType, string Digest)[] layers)
    {
        var file = Path.Combine([store, "manifests", "registry.ollama.ai", .. path.Split('/')]);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["layers"] = new JsonArray([.. layers.Select(l => (JsonNode)new JsonObject { ["mediaType"] = l.MediaType, ["digest"] = $"sha256:{l.Digest}", ["size"] = 1 })]),
        };
        File.WriteAllText(file, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
