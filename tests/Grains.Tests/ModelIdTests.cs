using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Tests;

public sealed class ModelIdTests
{
    [Theory]
    [InlineData("registry.ollama.ai/library/llama3.2:3b")]
    [InlineData("hf.co/org/model@sha256:abc")]
    [InlineData("my model with spaces.v1")]
    public void Constructor_KeepsTheValueVerbatim(string value)
    {
        Assert.Equal(value, new ModelId(value).Value);
        Assert.Equal(value, new ModelId(value).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Constructor_EmptyOrBlank_Throws(string value)
    {
        Assert.Throws<ArgumentException>(() => new ModelId(value));
        Assert.False(ModelId.TryCreate(value, out _));
    }

    [Fact]
    public void Equality_IsOrdinal()
    {
        Assert.Equal(new ModelId("a/b:c"), new ModelId("a/b:c"));
        Assert.NotEqual(new ModelId("a/b:c"), new ModelId("A/b:c"));
        Assert.True(new ModelId("x") == new ModelId("x"));
        Assert.Equal(new ModelId("x").GetHashCode(), new ModelId("x").GetHashCode());
        // Ordinal: 'B' (0x42) sorts before 'a' (0x61), unlike a culture-aware comparison.
        Assert.True(new ModelId("B") < new ModelId("a"));
    }
}
