namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>The GGUF files under a folder, the way the stores keep them: later parts of split models and non-GGUF files skipped.</summary>
internal static class GgufFolders
{
    /// <summary>
    /// Each importable file under <paramref name="folder"/>, at any depth (the first part of a split model) and, for the
    /// rest of the <c>.gguf</c> files, why not.
    /// </summary>
    public static (List<string> Files, List<SkippedFile> Skipped) Find(string folder)
    {
        var files = new List<string>();
        var skipped = new List<SkippedFile>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.gguf", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive }).Order(StringComparer.Ordinal))
        {
            if (GgufFileNames.IsLaterSplitPart(path))
            {
                continue; // one model: its first part, which llama-server opens with the rest
            }

            if (GgufFileNames.NotGguf(path) is { } reason)
            {
                skipped.Add(new SkippedFile(path, reason));
            }
            else
            {
                files.Add(path);
            }
        }

        return (files, skipped);
    }
}
