using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Memory;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Memory;

/// <summary>memory_mb when declared; else the GGUF file's size plus the KV cache its header implies.</summary>
public sealed class MemoryEstimateTests : IDisposable
{
    private const long MiB = 1024 * 1024;
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-gguf-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Declared_IsTakenAsIs()
    {
        var model = Model(WriteGguf(contextLength: 2048)) with { Policy = ModelPolicy.None with { MemoryMb = 5000 } };

        var estimate = MemoryEstimate.Of(model);

        Assert.Equal((5000, "declared (memory_mb)"), (estimate.Mb, estimate.Source));
        Assert.Equal(new Orchestrator.Grains.Interfaces.Gguf.GgufFacts("llama", 256_256, 2048, "Q4_K_M", MiB), estimate.Facts);
    }

    [Fact]
    public void Gguf_FileSizePlusKvCacheOfTheTrainedContext()
    {
        // 4 layers x 2048 tokens x 2 KV heads x (32 + 32) values x 2 bytes = 2 MiB
        var estimate = MemoryEstimate.Of(Model(WriteGguf(contextLength: 2048, sizeMiB: 3)));

        Assert.Equal(3 + 2, estimate.Mb);
        Assert.Equal("estimated: 3 MB file + 2 MB KV cache (2048 tokens)", estimate.Source);
    }

    [Theory]
    [InlineData("-c", "8192")]
    [InlineData("--ctx-size", "8192")]
    [InlineData("--ctx-size=8192", null)]
    public void Gguf_ContextSizeFromServerArgs_SizesTheCache(string flag, string? value)
    {
        var model = Model(WriteGguf(contextLength: 2048, sizeMiB: 3)) with { ServerArguments = value is null ? [flag] : [flag, value] };

        var estimate = MemoryEstimate.Of(model);

        Assert.Equal(3 + 8, estimate.Mb);
        Assert.EndsWith("(8192 tokens)", estimate.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void NotGguf_FileSizeOnly_AndSaysSo()
    {
        var path = Path.Combine(_folder, "x.bin");
        File.WriteAllBytes(path, new byte[(2 * MiB) + 1]);

        var estimate = MemoryEstimate.Of(Model(path));

        Assert.Equal(3, estimate.Mb);
        Assert.Equal("estimated: 3 MB file, KV cache unknown (not a GGUF file); set memory_mb", estimate.Source);
    }

    [Fact]
    public void MissingFile_IsUnknown()
    {
        var estimate = MemoryEstimate.Of(Model(Path.Combine(_folder, "missing.gguf")));

        Assert.Null(estimate.Mb);
        Assert.Equal("unknown until the model file exists", estimate.Source);
    }

    private ModelDefinition Model(string file) => GrainTestBed.Define(_folder, "m", file);

    private string WriteGguf(uint contextLength, int sizeMiB = 1) =>
        new GgufWriter { ContextLength = contextLength, SizeBytes = sizeMiB * MiB }.Write(Path.Combine(_folder, $"m-{Guid.NewGuid():N}.gguf"));
}
