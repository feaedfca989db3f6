using System.Globalization;
using System.Text.Json;

namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>
/// An Ollama store: <c>manifests/REGISTRY/NAMESPACE/MODEL/TAG</c> (JSON with layers) and <c>blobs/sha256-HEX</c>. The model
/// layer is the GGUF; the params layer becomes llama-server arguments where llama-server has the same setting (context
/// size, answer length, stop words, sampling defaults); the template layer (a Go template) has no llama-server
/// equivalent and is left.
/// </summary>
internal static class OllamaStore
{
    public const string Provider = "ollama";
    private const string ModelLayer = "application/vnd.ollama.image.model";
    private const string ParamsLayer = "application/vnd.ollama.image.params";

    /// <summary><c>$OLLAMA_MODELS</c>, else <c>~/.ollama/models</c>.</summary>
    public static string DefaultRoot(Func<string, string?> variable) =>
        variable("OLLAMA_MODELS") is { Length: > 0 } set ? set : Path.Combine(Home(variable), ".ollama", "models");

    public static StoreScan Scan(string root)
    {
        var models = new List<ImportedModel>();
        var skipped = new List<SkippedFile>();
        var manifests = Path.Combine(root, "manifests");
        if (!Directory.Exists(manifests))
        {
            return new StoreScan(Provider, root, models, [new SkippedFile(manifests, "no such folder: is this an Ollama store? (set OLLAMA_MODELS or pass --store)")]);
        }

        foreach (var manifest in Directory.EnumerateFiles(manifests, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var parts = Path.GetRelativePath(manifests, manifest).Split(Path.DirectorySeparatorChar);
            if (parts.Length != 4)
            {
                skipped.Add(new SkippedFile(manifest, "not at manifests/REGISTRY/NAMESPACE/MODEL/TAG"));
                continue;
            }

            var (model, problem) = Read(root, manifest, parts[0], parts[1], parts[2], parts[3]);
            if (model is null)
            {
                skipped.Add(new SkippedFile(manifest, problem!));
            }
            else
            {
                models.Add(model);
            }
        }

        return new StoreScan(Provider, root, models, skipped);
    }

    private static (ImportedModel? Model, string? Problem) Read(string root, string manifest, string registry, string library, string name, string tag)
    {
        JsonElement layers;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(manifest));
            if (!document.RootElement.TryGetProperty("layers", out var found) || found.ValueKind != JsonValueKind.Array)
            {
                return (null, "broken manifest: no \"layers\" array");
            }

            layers = found.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"broken manifest: {e.Message}");
        }

        var blob = Blob(root, Layer(layers, ModelLayer));
        if (blob is null)
        {
            return (null, $"broken manifest: no layer of type {ModelLayer} with a sha256 digest");
        }

        if (!File.Exists(blob))
        {
            return (null, $"its model blob is missing: {blob}");
        }

        if (GgufFileNames.NotGguf(blob) is { } notGguf)
        {
            return (null, $"{blob}: {notGguf}");
        }

        var arguments = Blob(root, Layer(layers, ParamsLayer)) is { } parameters && File.Exists(parameters) ? Arguments(parameters) : [];
        return (new ImportedModel($"{registry}/{library}/{name}:{tag}", Provider, library, name, tag, manifest, blob, arguments), null);
    }

    private static string? Layer(JsonElement layers, string mediaType) =>
        layers.EnumerateArray()
            .Where(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == mediaType)
            .Select(l => l.TryGetProperty("digest", out var digest) && digest.ValueKind == JsonValueKind.String ? digest.GetString() : null)
            .FirstOrDefault();

    private static string? Blob(string root, string? digest) =>
        digest is not null && digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 7
            ? Path.Combine(root, "blobs", "sha256-" + digest[7..])
            : null;

    /// <summary>The params layer's settings that llama-server also has, as its arguments; anything else is left out.</summary>
    private static List<string> Arguments(string path)
    {
        var arguments = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var setting in document.RootElement.EnumerateObject())
            {
                var flag = setting.Name switch
                {
                    "num_ctx" => "-c",
                    "num_predict" => "-n",
                    "temperature" => "--temp",
                    "top_k" => "--top-k",
                    "top_p" => "--top-p",
                    "min_p" => "--min-p",
                    "repeat_penalty" => "--repeat-penalty",
                    "seed" => "--seed",
                    "stop" => "-r",
                    _ => null,
                };
                if (flag is null)
                {
                    continue;
                }

                var values = setting.Value.ValueKind == JsonValueKind.Array ? setting.Value.EnumerateArray().ToList() : [setting.Value];
                foreach (var value in values)
                {
                    arguments.Add(flag);
                    arguments.Add(value.ValueKind == JsonValueKind.Number ? value.GetDouble().ToString(CultureInfo.InvariantCulture) : value.ToString());
                }
            }
        }
        catch (JsonException)
        {
            // A params layer that is not JSON adds nothing.
        }

        return arguments;
    }

    /// <summary><c>$HOME</c>, else the user's profile folder.</summary>
    internal static string Home(Func<string, string?> variable) =>
        variable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
