using System.Globalization;
using Orchestrator.Grains.Interfaces.Gguf;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Memory;

/// <summary>
/// What a model needs while running: its <c>memory_mb</c> when declared, else an estimate of the weights (the GGUF file's
/// size) plus the KV cache (K and V in f16, per layer, for the context size: <c>-c</c>/<c>--ctx-size</c> in server_args,
/// else the model's trained context, as llama-server does). Null when the file cannot be read yet.
/// </summary>
public sealed record MemoryEstimate(int? Mb, string Source)
{
    /// <summary>What the GGUF header says of the model, when the file is one.</summary>
    public GgufFacts? Facts { get; init; }

    private const long MiB = 1024 * 1024;
    private const int BytesPerCacheValue = 2; // f16, llama-server's default cache type

    /// <summary>The model's need, declared or estimated.</summary>
    public static MemoryEstimate Of(ModelDefinition model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var file = new FileInfo(model.ModelFilePath);
        string? problem = null;
        var header = file.Exists ? GgufHeader.TryRead(file.FullName, out problem) : null;
        var facts = header is null ? null : GgufFacts.From(header, file.Length);
        if (model.Policy.MemoryMb is { } declared)
        {
            return new MemoryEstimate(declared, "declared (memory_mb)") { Facts = facts };
        }

        if (!file.Exists)
        {
            return new MemoryEstimate(null, "unknown until the model file exists");
        }

        var weightsMb = (int)Math.Ceiling(file.Length / (double)MiB);
        if (header is null || KvCacheBytes(header, ContextSize(model.ServerArguments)) is not var (cacheBytes, context))
        {
            return new MemoryEstimate(weightsMb, $"estimated: {weightsMb} MB file, KV cache unknown ({problem ?? "no layer sizes in the header"}); set memory_mb") { Facts = facts };
        }

        var cacheMb = (int)Math.Ceiling(cacheBytes / (double)MiB);
        return new MemoryEstimate(weightsMb + cacheMb, $"estimated: {weightsMb} MB file + {cacheMb} MB KV cache ({context} tokens)") { Facts = facts };
    }

    private static (long Bytes, long Context)? KvCacheBytes(GgufHeader header, long? requestedContext)
    {
        if (header.Get("block_count") is not { } layers || header.Get("embedding_length") is not { } embedding
            || header.Get("attention.head_count") is not { } heads || heads == 0)
        {
            return null;
        }

        var context = requestedContext ?? header.Get("context_length");
        if (context is not { } tokens)
        {
            return null;
        }

        var kvHeads = header.Get("attention.head_count_kv") ?? heads;
        var keyLength = header.Get("attention.key_length") ?? (embedding / heads);
        var valueLength = header.Get("attention.value_length") ?? (embedding / heads);
        return (layers * tokens * kvHeads * (keyLength + valueLength) * BytesPerCacheValue, tokens);
    }

    /// <summary>The context size of <c>-c N</c>/<c>--ctx-size N</c>/<c>--ctx-size=N</c>; null (the model's own) when absent or 0.</summary>
    private static long? ContextSize(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var value = arguments[i] switch
            {
                "-c" or "--ctx-size" when i + 1 < arguments.Count => arguments[i + 1],
                var a when a.StartsWith("--ctx-size=", StringComparison.Ordinal) => a["--ctx-size=".Length..],
                _ => null,
            };
            if (value is not null && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size > 0)
            {
                return size;
            }
        }

        return null;
    }
}
