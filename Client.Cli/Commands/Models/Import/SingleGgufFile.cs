namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>One GGUF file named on the command line: <c>local/STEM:QUANT</c>.</summary>
internal static class SingleGgufFile
{
    public const string Provider = "local";

    public static StoreScan Scan(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return new StoreScan(Provider, full, [], [new SkippedFile(full, "no such file")]);
        }

        if (GgufFileNames.NotGguf(full) is { } reason)
        {
            return new StoreScan(Provider, full, [], [new SkippedFile(full, reason)]);
        }

        var quantization = GgufFileNames.Quantization(full);
        var stem = GgufFileNames.Stem(full);
        // "model-Q4_K_M.gguf" is local/model:Q4_K_M, not local/model-Q4_K_M:Q4_K_M.
        var name = stem.Length > quantization.Length + 1 && stem.EndsWith(quantization, StringComparison.OrdinalIgnoreCase) && stem[^(quantization.Length + 1)] is '-' or '_' or '.'
            ? stem[..^(quantization.Length + 1)]
            : stem;
        return new StoreScan(Provider, full, [new ImportedModel($"local/{name}:{quantization}", Provider, "local", name, quantization, full, full, [])], []);
    }
}
