using System.Text;

namespace Orchestrator.Grains.Memory;

/// <summary>
/// The few numbers of a GGUF file's metadata that size its KV cache, read from the header (little-endian, version 2 or 3).
/// Reading stops at the tokenizer's keys, which come after the architecture's and can be megabytes long.
/// </summary>
internal sealed record GgufHeader(string Architecture, IReadOnlyDictionary<string, long> Numbers)
{
    private const uint Magic = 0x46554747; // "GGUF"

    /// <summary>A number of the architecture's keys (<c>{arch}.block_count</c> as <c>block_count</c>), or null.</summary>
    public long? Get(string key) => Numbers.TryGetValue($"{Architecture}.{key}", out var value) ? value : null;

    /// <summary>The header, or null with the reason when the file is not a GGUF file this reader understands.</summary>
    public static GgufHeader? TryRead(string path, out string? problem)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (stream.Length < 24 || reader.ReadUInt32() != Magic)
            {
                problem = "not a GGUF file";
                return null;
            }

            var version = reader.ReadUInt32();
            if (version is < 2 or > 3)
            {
                problem = $"GGUF version {version} is not read here";
                return null;
            }

            reader.ReadUInt64(); // tensor count
            var keys = reader.ReadUInt64();
            var architecture = string.Empty;
            var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
            for (ulong i = 0; i < keys; i++)
            {
                var key = ReadString(reader);
                if (key.StartsWith("tokenizer.", StringComparison.Ordinal))
                {
                    break;
                }

                var type = reader.ReadUInt32();
                if (type == StringType)
                {
                    var text = ReadString(reader);
                    if (key == "general.architecture")
                    {
                        architecture = text;
                    }
                }
                else if (ReadNumber(reader, type) is { } number)
                {
                    numbers[key] = number;
                }
                else
                {
                    Skip(reader, type);
                }
            }

            problem = architecture.Length == 0 ? "no general.architecture in the header" : null;
            return problem is null ? new GgufHeader(architecture, numbers) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentOutOfRangeException or OverflowException)
        {
            problem = $"header unreadable: {e.Message}";
            return null;
        }
    }

    private const uint StringType = 8;
    private const uint ArrayType = 9;

    private static long? ReadNumber(BinaryReader reader, uint type) => type switch
    {
        0 => reader.ReadByte(),
        1 => reader.ReadSByte(),
        2 => reader.ReadUInt16(),
        3 => reader.ReadInt16(),
        4 => reader.ReadUInt32(),
        5 => reader.ReadInt32(),
        10 => checked((long)reader.ReadUInt64()),
        11 => reader.ReadInt64(),
        _ => null,
    };

    private static void Skip(BinaryReader reader, uint type)
    {
        switch (type)
        {
            case 6: reader.ReadSingle(); break;
            case 7: reader.ReadByte(); break;
            case 12: reader.ReadDouble(); break;
            case StringType: ReadString(reader); break;
            case ArrayType:
                var itemType = reader.ReadUInt32();
                var count = reader.ReadUInt64();
                for (ulong i = 0; i < count; i++)
                {
                    if (ReadNumber(reader, itemType) is null)
                    {
                        Skip(reader, itemType);
                    }
                }

                break;
            default: throw new EndOfStreamException($"unknown value type {type}");
        }
    }

    private static string ReadString(BinaryReader reader)
    {
        var length = checked((int)reader.ReadUInt64());
        Span<byte> small = stackalloc byte[256];
        var bytes = length <= small.Length ? small[..length] : new byte[length];
        reader.BaseStream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }
}
