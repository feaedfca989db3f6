using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>
/// One entry of models.json: what a model is and how to serve it. It describes; it never manages processes.
/// </summary>
/// <param name="Id">The <c>full_identifier</c>.</param>
/// <param name="Provider">Where the model comes from (for example <c>ollama</c>).</param>
/// <param name="Library">The provider's library or namespace.</param>
/// <param name="Name">The model's short name.</param>
/// <param name="Version">The model's version or tag.</param>
/// <param name="Manifest">Where the model's manifest lives (for example an Ollama manifest path or a URL), kept as written: unlike <c>model_file_path</c> it is not resolved.</param>
/// <param name="ModelFilePath">Absolute path of the GGUF file (relative paths in the file resolve against its folder, <c>~</c> expands).</param>
/// <param name="ServerArguments">Extra llama-server arguments (<c>server_args</c>), in order.</param>
/// <param name="Port">A fixed port for this model's server (<c>port</c>), or null to let the server pick one.</param>
/// <param name="Environment">Extra environment variables for the server (<c>env</c>).</param>
/// <param name="Extensions">Fields this version does not know, kept as they were written.</param>
public sealed record ModelDefinition(
    ModelId Id,
    string Provider,
    string Library,
    string Name,
    string Version,
    string Manifest,
    string ModelFilePath,
    IReadOnlyList<string> ServerArguments,
    int? Port,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyDictionary<string, JsonElement> Extensions)
{
    /// <summary>The lifecycle policy fields (<c>ttl</c>, <c>memory_mb</c>, <c>group</c>, ...); none by default.</summary>
    public ModelPolicy Policy { get; init; } = ModelPolicy.None;
}
