namespace Orchestrator.Grains.Interfaces.Models;

/// <summary>What the API shows of a model: its registry description and its current state.</summary>
/// <param name="Id">The <c>full_identifier</c>.</param>
/// <param name="Provider">From models.json.</param>
/// <param name="Library">From models.json.</param>
/// <param name="Name">From models.json.</param>
/// <param name="Version">From models.json.</param>
/// <param name="Status">Where the model is in its life.</param>
/// <param name="Reason">Why it is in this state (see <see cref="ModelState.Reason"/>).</param>
/// <param name="Port">The server's port while it has one.</param>
/// <param name="Pid">The server's process id while a process exists.</param>
/// <param name="Since">When the status last changed.</param>
[GenerateSerializer, Immutable, Alias("orch.ModelView")]
public sealed record ModelView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Library,
    [property: Id(3)] string Name,
    [property: Id(4)] string Version,
    [property: Id(5)] ModelStatus Status,
    [property: Id(6)] string? Reason,
    [property: Id(7)] int? Port,
    [property: Id(8)] int? Pid,
    [property: Id(9)] DateTimeOffset Since)
{
    /// <summary>The policy that made the last change (<see cref="Decisions"/>), with <see cref="Reason"/>.</summary>
    [Id(10)]
    public string? Decision { get; init; }

    /// <summary>While Queued: the place in the start queue, 1 first.</summary>
    [Id(11)]
    public int? QueuePosition { get; init; }

    /// <summary>What the model needs while running, in MB; null while it cannot be known (no model file yet).</summary>
    [Id(12)]
    public int? MemoryMb { get; init; }

    /// <summary>"declared" (<c>memory_mb</c>) or how the estimate was made.</summary>
    [Id(13)]
    public string? MemorySource { get; init; }

    /// <summary>The model's <c>ttl</c> in seconds; null: never stopped for being idle.</summary>
    [Id(14)]
    public int? TtlSeconds { get; init; }

    /// <summary>The model's <c>group</c>.</summary>
    [Id(15)]
    public string? Group { get; init; }

    /// <summary>While Running without a chat in flight: since when.</summary>
    [Id(16)]
    public DateTimeOffset? IdleSince { get; init; }

    /// <summary>The model's <c>autostart</c>: a chat to it while stopped starts it first.</summary>
    [Id(17)]
    public bool Autostart { get; init; }

    /// <summary>What the model's GGUF header says, when it is one (<c>orch models --wide</c>).</summary>
    [Id(18)]
    public Gguf.GgufFacts? Facts { get; init; }

    /// <summary>While Running: since when (uptime is now minus this).</summary>
    [Id(19)]
    public DateTimeOffset? RunningSince { get; init; }

    /// <summary>The figures of the model's last answer (tokens per second, tokens, time to first token), or null.</summary>
    [Id(20)]
    public AnswerStats? LastAnswer { get; init; }

    /// <summary>The node whose grain (and so whose server) the model has: its status is that node's.</summary>
    [Id(21)]
    public string? Node { get; init; }

    /// <summary>The nodes whose models.json lists the model (any of them may run it); set by the catalog.</summary>
    [Id(22)]
    public IReadOnlyList<string> Nodes { get; init; } = [];

    /// <summary>Combines a model's description with its state.</summary>
    public static ModelView From(ModelDefinition model, ModelState state) =>
        new(model.Id.Value, model.Provider, model.Library, model.Name, model.Version, state.Status, state.Reason, state.Port, state.Pid, state.Since)
        {
            Decision = state.Decision,
            QueuePosition = state.QueuePosition,
            MemoryMb = state.MemoryMb,
            MemorySource = state.MemorySource,
            TtlSeconds = model.Policy.Ttl is { } ttl ? (int)ttl.TotalSeconds : null,
            Group = model.Policy.Group,
            IdleSince = state.IdleSince,
            Autostart = model.Policy.Autostart,
            Facts = state.Facts,
            RunningSince = state.RunningSince,
            LastAnswer = state.LastAnswer,
            Node = state.Node,
            Nodes = state.Node is { } node ? [node] : [],
        };
}
