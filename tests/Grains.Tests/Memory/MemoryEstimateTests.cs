using System.Text;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Memory;
using Orchestrator.Grains.Tests.Support;

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

        Assert.Equal(new MemoryEstimate(5000, "declared (memory_mb)"), MemoryEstimate.Of(model));
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

    /// <summary>A GGUF v3 header with a llama architecture (the tokenizer's array after it, as real files have), padded.</summary>
    private string WriteGguf(int contextLength, int sizeMiB = 1)
    {
        var path = Path.Combine(_folder, $"m-{Guid.NewGuid():N}.gguf");
        using (var writer = new BinaryWriter(File.Create(path), Encoding.UTF8))
        {
            writer.Write(0x46554747u);
            writer.Write(3u);
            writer.Write(0ul);
            writer.Write(8ul);
            Text(writer, "general.architecture", "llama");
            Number(writer, "llama.block_count", 4);
            Number(writer, "llama.embedding_length", 256);
            Number(writer, "llama.attention.head_count", 8);
            Number(writer, "llama.attention.head_count_kv", 2);
            Number(writer, "llama.context_length", (uint)contextLength);
            Key(writer, "general.alignment");
            writer.Write(4u); // uint32
            writer.Write(32u);
            Key(writer, "tokenizer.ggml.tokens");
            writer.Write(9u); // array
            writer.Write(8u); // of strings
            writer.Write(2ul);
            String(writer, "a");
            String(writer, "b");
            writer.BaseStream.SetLength(sizeMiB * MiB);
        }

        return path;
    }

    private static void Key(BinaryWriter writer, string key) => String(writer, key);

    private static void Text(BinaryWriter writer, string key, string value)
    {
        Key(writer, key);
        writer.Write(8u);
        String(writer, value);
    }

    private static void Number(BinaryWriter writer, string key, uint value)
    {
        Key(writer, key);
        writer.Write(4u);
        writer.Write(value);
    }

    private static void String(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
