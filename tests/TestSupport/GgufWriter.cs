using System.Text;

namespace Orchestrator.TestSupport;

/// <summary>
/// Writes GGUF v3 headers as llama.cpp's converters lay them out (general keys, the architecture's, then the tokenizer's
/// arrays), with tensor descriptions and the file padded to a size: enough for readers of the header, not a loadable model.
/// </summary>
public sealed record GgufWriter
{
    public string Architecture { get; init; } = "llama";

    public uint Layers { get; init; } = 4;

    public uint Embedding { get; init; } = 256;

    public uint Heads { get; init; } = 8;

    public uint KvHeads { get; init; } = 2;

    public uint ContextLength { get; init; } = 2048;

    /// <summary>llama.cpp's general.file_type (15 = Q4_K_M); null leaves it out.</summary>
    public uint? FileType { get; init; } = 15;

    /// <summary>Each tensor's dimensions; their element counts sum to the parameter count.</summary>
    public IReadOnlyList<ulong[]> Tensors { get; init; } = [[256, 1000], [256]];

    public long SizeBytes { get; init; } = 1024 * 1024;

    public string Write(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);
        writer.Write(0x46554747u);
        writer.Write(3u);
        writer.Write((ulong)Tensors.Count);
        writer.Write(FileType is null ? 8ul : 9ul);
        Text(writer, "general.architecture", Architecture);
        if (FileType is { } type)
        {
            Number(writer, "general.file_type", type);
        }

        Number(writer, $"{Architecture}.block_count", Layers);
        Number(writer, $"{Architecture}.embedding_length", Embedding);
        Number(writer, $"{Architecture}.attention.head_count", Heads);
        Number(writer, $"{Architecture}.attention.head_count_kv", KvHeads);
        Number(writer, $"{Architecture}.context_length", ContextLength);
        String(writer, "general.alignment");
        writer.Write(4u);
        writer.Write(32u);
        String(writer, "tokenizer.ggml.tokens");
        writer.Write(9u); // an array
        writer.Write(8u); // of strings
        writer.Write(3ul);
        foreach (var token in new[] { "<s>", "a", "b" })
        {
            String(writer, token);
        }

        foreach (var (dimensions, i) in Tensors.Select((d, i) => (d, i)))
        {
            String(writer, $"blk.{i}.weight");
            writer.Write((uint)dimensions.Length);
            foreach (var dimension in dimensions)
            {
                writer.Write(dimension);
            }

            writer.Write(0u);
            writer.Write(0ul);
        }

        writer.BaseStream.SetLength(Math.Max(SizeBytes, writer.BaseStream.Position));
        return path;
    }

    private static void Text(BinaryWriter writer, string key, string value)
    {
        String(writer, key);
        writer.Write(8u);
        String(writer, value);
    }

    private static void Number(BinaryWriter writer, string key, uint value)
    {
        String(writer, key);
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
