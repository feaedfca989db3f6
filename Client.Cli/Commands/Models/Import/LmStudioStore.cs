namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>LM Studio's models folder: <c>PUBLISHER/REPO/*.gguf</c> under <c>~/.lmstudio/models</c> (or <c>~/.cache/lm-studio/models</c>).</summary>
internal static class LmStudioStore
{
    public const string Provider = "lmstudio";

    public static string DefaultRoot(Func<string, string?> variable)
    {
        var current = Path.Combine(OllamaStore.Home(variable), ".lmstudio", "models");
        var older = Path.Combine(OllamaStore.Home(variable), ".cache", "lm-studio", "models");
        return Directory.Exists(current) || !Directory.Exists(older) ? current : older;
    }

    public static StoreScan Scan(string root)
    {
        if (!Directory.Exists(root))
        {
            return new StoreScan(Provider, root, [], [new SkippedFile(root, "no such folder: is this LM Studio's models folder? (pass --store)")]);
        }

        var models = new List<ImportedModel>();
        var (files, skipped) = GgufFolders.Find(root);
        foreach (var file in files)
        {
            var parts = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar);
            if (parts.Length < 3)
            {
                skipped.Add(new SkippedFile(file, "not at PUBLISHER/REPO/FILE.gguf"));
                continue;
            }

            var (publisher, repository) = (parts[0], parts[1]);
            var quantization = GgufFileNames.Quantization(file);
            models.Add(new ImportedModel($"lmstudio/{publisher}/{repository}:{quantization}", Provider, publisher, repository, quantization, Path.GetDirectoryName(file)!, file, []));
        }

        return new StoreScan(Provider, root, models, skipped);
    }
}
