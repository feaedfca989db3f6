using System.Text;

namespace Orchestrator.Grains.Interfaces.Gguf;

/// <summary>
/// The metadata of a GGUF file (little-endian, version 2 or 3): its numeric and text keys, and the parameter count summed
/// from the tensor descriptions. Arrays (the tokenizer's vocabulary) are skipped by seeking, so a multi-gigabyte model is
/// read in a few milliseconds.
/// </summary>
public sealed record GgufHeader(string Architecture, IReadOnlyDictionary<string, long> Numbers, IReadOnlyDictionary<string, string> Texts, long? ParameterCount)
{
    private const uint Magic = 0x46554747; // "GGUF"
    private const uint StringType = 8;
    private const uint ArrayType = 9;

    /// <summary>A number of the architecture's keys (<c>{arch}.block_count</c> as <c>block_count</c>), or null.</summary>
    public long? Get(string key) => Numbers.TryGetValue($"{Architecture}.{key}", out var value) ? value : null;

    /// <summary>Whether the file starts with GGUF's magic number.</summary>
    public static bool HasMagic(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && BitConverter.ToUInt32(head) == Magic;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

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

            var tensors = reader.ReadUInt64();
            var keys = reader.ReadUInt64();
            var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            for (ulong i = 0; i < keys; i++)
            {
                var key = ReadString(reader);
                var type = reader.ReadUInt32();
                if (type == StringType)
                {
                    texts[key] = ReadString(reader);
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

            var architecture = texts.GetValueOrDefault("general.architecture", string.Empty);
            problem = architecture.Length == 0 ? "no general.architecture in the header" : null;
            return problem is null ? new GgufHeader(architecture, numbers, texts, CountParameters(reader, tensors)) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EndOfStreamException or ArgumentOutOfRangeException or OverflowException)
        {
            problem = $"header unreadable: {e.Message}";
            return null;
        }
    }

    /// <summary>The sum of every tensor's element count; null when the descriptions cannot be read (a truncated file).</summary>
    private static long? CountParameters(BinaryReader reader, ulong tensors)
    {
        try
        {
            long total = 0;
            for (ulong i = 0; i < tensors; i++)
            {
                SkipString(reader);
                var dimensions = reader.ReadUInt32();
                long elements = 1;
                for (var d = 0; d < dimensions; d++)
                {
                    elements = checked(elements * (long)reader.ReadUInt64());
                }

                reader.ReadUInt32(); // type
                reader.ReadUInt64(); // offset
                total = checked(total + elements);
            }

            return total;
        }
        catch (Exception e) when (e is EndOfStreamException or OverflowException or IOException)
        {
            return null;
        }
    }

    private static long? ReadNumber(BinaryReader reader, uint type) => type switch
    {
        0 => reader.ReadByte(),
        1 => reader.ReadSByte(),
        2 => reader.ReadUInt16(),
        3 => reader.ReadInt16(),
        4 => reader.ReadUInt32(),
        5 => reader.ReadInt32(),
        7 => reader.ReadByte(), // bool
        10 => checked((long)reader.ReadUInt64()),
        11 => reader.ReadInt64(),
        _ => null,
    };

    private static void Skip(BinaryReader reader, uint type)
    {
        switch (type)
        {
            case 6: reader.ReadSingle(); break;
            case 12: reader.ReadDouble(); break;
            case StringType: SkipString(reader); break;
            case ArrayType:
                var itemType = reader.ReadUInt32();
                var count = checked((long)reader.ReadUInt64());
                if (FixedSize(itemType) is { } size)
                {
                    Seek(reader, checked(count * size));
                    break;
                }

                for (long i = 0; i < count; i++)
                {
                    Skip(reader, itemType);
                }

                break;
            default: throw new EndOfStreamException($"unknown value type {type}");
        }
    }

    private static int? FixedSize(uint type) => type switch
    {
        0 or 1 or 7 => 1,
        2 or 3 => 2,
        4 or 5 or 6 => 4,
        10 or 11 or 12 => 8,
        _ => null,
    };

    private static void SkipString(BinaryReader reader) => Seek(reader, checked((long)reader.ReadUInt64()));

    private static void Seek(BinaryReader reader, long bytes)
    {
        var stream = reader.BaseStream;
        if (stream.Position + bytes > stream.Length)
        {
            throw new EndOfStreamException("the header runs past the end of the file");
        }

        stream.Seek(bytes, SeekOrigin.Current);
    }

    private static string ReadString(BinaryReader reader)
    {
        var length = checked((int)reader.ReadUInt64());
        if (reader.BaseStream.Position + length > reader.BaseStream.Length)
        {
            throw new EndOfStreamException("a string runs past the end of the file");
        }

        return Encoding.UTF8.GetString(reader.ReadBytes(length));
    }
}
