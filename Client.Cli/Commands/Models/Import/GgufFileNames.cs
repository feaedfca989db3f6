using System.Text.RegularExpressions;
using Orchestrator.Grains.Interfaces.Gguf;

namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>What a GGUF file's name says: its quantisation, and whether it is a later part of a split model.</summary>
internal static partial class GgufFileNames
{
    /// <summary>The quantisation in a file name (<c>...-Q4_K_M.gguf</c>, <c>...q8_0...</c>), upper case; else from the header; else "gguf".</summary>
    public static string Quantization(string path)
    {
        var match = QuantizationPattern().Match(Path.GetFileNameWithoutExtension(path));
        return match.Success
            ? match.Groups[1].Value.ToUpperInvariant()
            : GgufFacts.TryRead(path, out _)?.Quantization ?? "gguf";
    }

    /// <summary>True for part 2 and later of <c>name-0000N-of-0000M.gguf</c>: the model is its first part.</summary>
    public static bool IsLaterSplitPart(string path) =>
        SplitPattern().Match(Path.GetFileName(path)) is { Success: true } split && int.Parse(split.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 1;

    /// <summary>The file name without <c>.gguf</c> and without a split suffix.</summary>
    public static string Stem(string path) => SplitPattern().Replace(Path.GetFileName(path), string.Empty) is var name && name.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase)
        ? name[..^5]
        : Path.GetFileNameWithoutExtension(name);

    /// <summary>Why the file cannot be imported (not GGUF by its magic number), or null.</summary>
    public static string? NotGguf(string path) =>
        GgufHeader.HasMagic(path) ? null : "not a GGUF file (its first bytes are not the GGUF magic number)";

    [GeneratedRegex(@"(?:^|[-_.])((?:I?Q\d+(?:_[A-Z0-9]+)*)|BF16|F16|F32)(?:$|[-_.])", RegexOptions.IgnoreCase)]
    private static partial Regex QuantizationPattern();

    [GeneratedRegex(@"-(\d{5})-of-(\d{5})(?=\.gguf$)", RegexOptions.IgnoreCase)]
    private static partial Regex SplitPattern();
}
