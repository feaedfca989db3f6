using System.Globalization;

namespace Orchestrator.Grains.Interfaces.Gguf;

/// <summary>What a GGUF file says of its model: shown by <c>orch models --wide</c>, used by the memory estimate and the import.</summary>
/// <param name="Architecture">general.architecture, e.g. <c>llama</c>.</param>
/// <param name="ParameterCount">The tensors' element count summed; null when the descriptions could not be read.</param>
/// <param name="ContextLength">The trained context, <c>{arch}.context_length</c>.</param>
/// <param name="Quantization">From general.file_type (<c>Q4_K_M</c>), else null.</param>
/// <param name="FileSizeBytes">The file's size (the first part's, for a split model).</param>
[GenerateSerializer, Immutable, Alias("orch.GgufFacts")]
public sealed record GgufFacts(
    [property: Id(0)] string Architecture,
    [property: Id(1)] long? ParameterCount,
    [property: Id(2)] long? ContextLength,
    [property: Id(3)] string? Quantization,
    [property: Id(4)] long FileSizeBytes)
{
    /// <summary>llama.cpp's <c>llama_ftype</c> values, as quantisations are named in file names.</summary>
    private static readonly Dictionary<long, string> FileTypes = new()
    {
        [0] = "F32", [1] = "F16", [2] = "Q4_0", [3] = "Q4_1", [7] = "Q8_0", [8] = "Q5_0", [9] = "Q5_1", [10] = "Q2_K",
        [11] = "Q3_K_S", [12] = "Q3_K_M", [13] = "Q3_K_L", [14] = "Q4_K_S", [15] = "Q4_K_M", [16] = "Q5_K_S", [17] = "Q5_K_M",
        [18] = "Q6_K", [19] = "IQ2_XXS", [20] = "IQ2_XS", [21] = "Q2_K_S", [22] = "IQ3_XS", [23] = "IQ3_XXS", [24] = "IQ1_S",
        [25] = "IQ4_NL", [26] = "IQ3_S", [27] = "IQ3_M", [28] = "IQ2_S", [29] = "IQ2_M", [30] = "IQ4_XS", [31] = "IQ1_M",
        [32] = "BF16", [36] = "TQ1_0", [37] = "TQ2_0", [38] = "MXFP4_MOE",
    };

    /// <summary>The facts of <paramref name="header"/>, read from a file of <paramref name="fileSizeBytes"/>.</summary>
    public static GgufFacts From(GgufHeader header, long fileSizeBytes)
    {
        ArgumentNullException.ThrowIfNull(header);
        var quantization = header.Numbers.TryGetValue("general.file_type", out var type) && FileTypes.TryGetValue(type, out var name) ? name : null;
        return new GgufFacts(header.Architecture, header.ParameterCount, header.Get("context_length"), quantization, fileSizeBytes);
    }

    /// <summary>The facts of the file at <paramref name="path"/>, or null with the reason.</summary>
    public static GgufFacts? TryRead(string path, out string? problem)
    {
        var header = GgufHeader.TryRead(path, out problem);
        return header is null ? null : From(header, new FileInfo(path).Length);
    }

    /// <summary>A parameter count as model cards write it: <c>3.2B</c>, <c>494M</c>.</summary>
    public static string Parameters(long? count) => count switch
    {
        null => "-",
        >= 1_000_000_000 => (count.Value / 1e9).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000 => (count.Value / 1e6).ToString("0", CultureInfo.InvariantCulture) + "M",
        _ => count.Value.ToString(CultureInfo.InvariantCulture),
    };
}
