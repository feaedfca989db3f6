using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Registry;

namespace Orchestrator.Grains.Tests.Registry;

public sealed class ModelRegistryLookupTests
{
    private static readonly string[] Ids =
    [
        "registry.ollama.ai/library/llama3.2:3b",
        "hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M",
        "user@host.local/model:v1.2",
        "my model with spaces.v1",
        "Llama",
        "llama",
    ];

    private static readonly ModelRegistry Registry =
        ModelRegistry.Parse(RegistryJson.Array([.. Ids.Select(id => RegistryJson.Entry(id))]), "/registry/models.json");

    [Theory]
    [InlineData("registry.ollama.ai/library/llama3.2:3b")]
    [InlineData("hf.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M")]
    [InlineData("user@host.local/model:v1.2")]
    [InlineData("my model with spaces.v1")]
    public void TryGet_IdWithPunctuationOrSpaces_FindsItsEntry(string id)
    {
        Assert.True(Registry.TryGet(new ModelId(id), out var model));
        Assert.Equal(id, model.Id.Value);
        Assert.Same(model, Registry.Find(new ModelId(id)));
    }

    [Fact]
    public void TryGet_IdsDifferingOnlyInCase_AreDistinctModels()
    {
        Assert.Equal("Llama", Registry.Find(new ModelId("Llama"))?.Id.Value);
        Assert.Equal("llama", Registry.Find(new ModelId("llama"))?.Id.Value);
    }

    [Theory]
    [InlineData("LLAMA")]
    [InlineData("registry.ollama.ai/library/llama3.2:3B")]
    [InlineData("my model with spaces.v1 ")]
    [InlineData("registry.ollama.ai/library/llama3.2")]
    public void TryGet_IdNotWrittenExactly_IsNotFound(string id)
    {
        Assert.False(Registry.TryGet(new ModelId(id), out var model));
        Assert.Null(model);
        Assert.Null(Registry.Find(new ModelId(id)));
    }
}
