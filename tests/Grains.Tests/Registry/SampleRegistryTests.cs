using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>The sample models.json at the repository root must stay loadable: the README points users at it.</summary>
public sealed class SampleRegistryTests
{
    [Fact]
    public void Load_SampleAtRepositoryRoot_Succeeds()
    {
        var root = RepositoryRoot();
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

        var registry = ModelRegistry.Load(Path.Combine(root, "models.json"));

        Assert.Equal(
            ["registry.ollama.ai/library/llama3.2:3b", "registry.ollama.ai/library/qwen2.5:0.5b", "hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M"],
            registry.Models.Select(model => model.Id.Value));
        Assert.StartsWith(Path.Combine(home, ".ollama", "models", "blobs", "sha256-"), registry.Models[0].ModelFilePath, StringComparison.Ordinal);
        var gguf = registry.Find(new ModelId("hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M"))!;
        Assert.Equal(Path.Combine(root, "models", "qwen2.5-0.5b-instruct-q4_k_m.gguf"), gguf.ModelFilePath);
        Assert.Equal(["-c", "4096", "-np", "2"], gguf.ServerArguments);
        Assert.Equal(8791, gguf.Port);
        Assert.Equal("0", gguf.Environment["CUDA_VISIBLE_DEVICES"]);
        Assert.Contains("description", gguf.Extensions.Keys);
        Assert.Equal(ModelPolicy.None with { MemoryMb = 3500, AutoRestart = true }, registry.Models[0].Policy);
        Assert.Equal(ModelPolicy.None with { Ttl = TimeSpan.FromMinutes(10), Autostart = true, Group = "small" }, registry.Models[1].Policy);
        Assert.Equal("small", gguf.Policy.Group);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Orchestrator.sln above {AppContext.BaseDirectory}.");
    }
}
