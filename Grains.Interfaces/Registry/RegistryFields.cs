using System.Collections.Frozen;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>The JSON names models.json uses, and what each required one means (for "how to fix it" hints).</summary>
internal static class RegistryFields
{
    public const string Models = "models";
    public const string FullIdentifier = "full_identifier";
    public const string Provider = "provider";
    public const string Library = "library";
    public const string Name = "name";
    public const string Version = "version";
    public const string Manifest = "manifest";
    public const string ModelFilePath = "model_file_path";
    public const string ServerArgs = "server_args";
    public const string Port = "port";
    public const string Env = "env";
    public const string Ttl = "ttl";
    public const string MemoryMb = "memory_mb";
    public const string Group = "group";
    public const string AutoRestart = "auto_restart";
    public const string Autostart = "autostart";
    public const string Preload = "preload";

    /// <summary>Required fields in the order they are checked: the id first, so every later message can name the entry.</summary>
    public static IReadOnlyList<string> Required { get; } =
        [FullIdentifier, Provider, Library, Name, Version, Manifest, ModelFilePath];

    private static readonly FrozenDictionary<string, string> KnownByLooseName =
        Required.Concat([ServerArgs, Port, Env, Ttl, MemoryMb, Group, AutoRestart, Autostart, Preload]).ToFrozenDictionary(Loosen, StringComparer.Ordinal);

    /// <summary>True for a field this version reads (anything else is kept as an extension).</summary>
    public static bool IsKnown(string name) => KnownByLooseName.TryGetValue(Loosen(name), out var known) && known == name;

    /// <summary>
    /// The known field that <paramref name="name"/> misspells only by case, <c>-</c> or <c>_</c> (<c>modelFilePath</c>,
    /// <c>Port</c>), else null. Such a field is not a harmless extension: keeping it would silently drop the setting.
    /// </summary>
    public static string? LookAlike(string name) =>
        KnownByLooseName.TryGetValue(Loosen(name), out var known) && known != name ? known : null;

    /// <summary>What a required field holds, phrased to follow "add it" or "give it a value".</summary>
    public static string Explain(string field) => field switch
    {
        FullIdentifier => "the model's unique id, e.g. \"registry.ollama.ai/library/llama3.2:3b\"",
        Provider => "where the model comes from, e.g. \"ollama\" or \"huggingface\"",
        Library => "the provider's library or namespace, e.g. \"library\"",
        Name => "the model's short name, e.g. \"llama3.2\"",
        Version => "the model's version or tag, e.g. \"3b\"",
        Manifest => "where the model's manifest lives, e.g. \"~/.ollama/models/manifests/registry.ollama.ai/library/llama3.2/3b\"",
        ModelFilePath => "the GGUF file: an absolute path, a path relative to this file's folder, or one starting with \"~/\"",
        _ => "a non-empty string",
    };

    private static string Loosen(string name) => name.Replace("_", "", StringComparison.Ordinal)
        .Replace("-", "", StringComparison.Ordinal)
        .ToUpperInvariant();
}
