namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>
/// The Hugging Face hub cache: <c>models--ORG--REPO/snapshots/REVISION/*.gguf</c>. One entry per GGUF file (its
/// quantisation is the version); when several files make one id (snapshots of one file, or two models of one repository
/// with the same quantisation), the newest snapshot's is imported and the others are reported as skipped.
/// </summary>
internal static class HuggingFaceCache
{
    public const string Provider = "huggingface";

    /// <summary><c>$HF_HUB_CACHE</c>, else <c>$HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c>.</summary>
    public static string DefaultRoot(Func<string, string?> variable) =>
        variable("HF_HUB_CACHE") is { Length: > 0 } hub ? hub
        : variable("HF_HOME") is { Length: > 0 } home ? Path.Combine(home, "hub")
        : Path.Combine(OllamaStore.Home(variable), ".cache", "huggingface", "hub");

    public static StoreScan Scan(string root)
    {
        var models = new Dictionary<string, (ImportedModel Model, DateTime Written)>(StringComparer.Ordinal);
        var skipped = new List<SkippedFile>();
        if (!Directory.Exists(root))
        {
            return new StoreScan(Provider, root, [], [new SkippedFile(root, "no such folder: is this a Hugging Face hub cache? (set HF_HUB_CACHE or pass --store)")]);
        }

        foreach (var repository in Directory.EnumerateDirectories(root, "models--*").Order(StringComparer.Ordinal))
        {
            var parts = Path.GetFileName(repository).Split("--");
            var snapshots = Path.Combine(repository, "snapshots");
            if (parts.Length != 3 || !Directory.Exists(snapshots))
            {
                skipped.Add(new SkippedFile(repository, "not models--ORG--REPO with a snapshots folder"));
                continue;
            }

            var (organisation, name) = (parts[1], parts[2]);
            foreach (var snapshot in Directory.EnumerateDirectories(snapshots))
            {
                var (files, notGguf) = GgufFolders.Find(snapshot);
                skipped.AddRange(notGguf);
                foreach (var file in files)
                {
                    var quantization = GgufFileNames.Quantization(file);
                    var id = $"hf.co/{organisation}/{name}:{quantization}";
                    var written = Directory.GetLastWriteTimeUtc(snapshot);
                    var model = new ImportedModel(id, Provider, organisation, name, quantization, $"https://huggingface.co/{organisation}/{name}", file, []);
                    if (!models.TryGetValue(id, out var known))
                    {
                        models[id] = (model, written);
                    }
                    else
                    {
                        var (kept, dropped) = known.Written < written ? (model, known.Model) : (known.Model, model);
                        models[id] = (kept, known.Written < written ? written : known.Written);
                        skipped.Add(new SkippedFile(dropped.ModelFilePath, $"same id {id} as {kept.ModelFilePath}, which is newer or came first; import it by its path for an id of its own"));
                    }
                }
            }
        }

        return new StoreScan(Provider, root, models.Values.Select(m => m.Model).OrderBy(m => m.FullIdentifier, StringComparer.Ordinal).ToList(), skipped);
    }
}
