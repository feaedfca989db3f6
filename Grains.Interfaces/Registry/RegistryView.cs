namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>The registry a silo serves: which file, how many models, and the error of the last edit that could not be used.</summary>
/// <param name="Path">models.json's absolute path.</param>
/// <param name="Models">How many models it lists (as last loaded).</param>
/// <param name="LoadedAt">When the models in use were loaded.</param>
/// <param name="Error">
/// Why the file as it is now cannot be used (the same message a start-up would give); the silo keeps serving the models it
/// loaded before. Null when the file in use is the file on disk.
/// </param>
/// <param name="ErrorAt">When that error was seen.</param>
[GenerateSerializer, Immutable, Alias("orch.RegistryView")]
public sealed record RegistryView(
    [property: Id(0)] string Path,
    [property: Id(1)] int Models,
    [property: Id(2)] DateTimeOffset LoadedAt,
    [property: Id(3)] string? Error,
    [property: Id(4)] DateTimeOffset? ErrorAt);
