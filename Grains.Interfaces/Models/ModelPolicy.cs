namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>
/// How the orchestrator manages one model's life on its own (the optional policy fields of its models.json entry).
/// Without any, a model starts and stops only when asked.
/// </summary>
/// <param name="Ttl">Idle time (no chat in flight and none for this long) after which the model is stopped (<c>ttl</c>); null: never.</param>
/// <param name="MemoryMb">What the model needs while running (<c>memory_mb</c>); null: estimated from its GGUF file.</param>
/// <param name="Group">Starting the model stops the other running models of this group once they are idle (<c>group</c>).</param>
/// <param name="AutoRestart">After a crash, start again with backoff (<c>auto_restart</c>).</param>
/// <param name="Autostart">A chat to the stopped model starts it first instead of answering 409 (<c>autostart</c>).</param>
/// <param name="Preload">Started when the silo starts (<c>preload</c>).</param>
public sealed record ModelPolicy(TimeSpan? Ttl, int? MemoryMb, string? Group, bool AutoRestart, bool Autostart, bool Preload)
{
    /// <summary>No policy: the model starts and stops only when asked; its memory is estimated.</summary>
    public static ModelPolicy None { get; } = new(null, null, null, false, false, false);
}
