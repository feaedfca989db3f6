namespace Orchestrator.Soak;

/// <summary>How long and how hard a soak runs.</summary>
public sealed record SoakOptions
{
    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(1);

    public int Clients { get; init; } = 8;

    /// <summary>A model that stays Starting or Stopping longer than this is wedged.</summary>
    public TimeSpan StableWithin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Any single call that takes longer than this is a failure (nothing may hang).</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan CheckEvery { get; init; } = TimeSpan.FromSeconds(1);

    public int Seed { get; init; } = Environment.TickCount;

    /// <summary>The FakeLlamaServer apphost the models run on.</summary>
    public required string ServerPath { get; init; }

    public TextWriter Progress { get; init; } = TextWriter.Null;
}
