namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>A model found in a store, as a models.json entry would hold it (the fields an import owns).</summary>
internal sealed record ImportedModel(
    string FullIdentifier, string Provider, string Library, string Name, string Version, string Manifest, string ModelFilePath, IReadOnlyList<string> ServerArgs);

/// <summary>Something in a store that was not imported, and why.</summary>
internal sealed record SkippedFile(string Path, string Reason);

/// <summary>What a store holds: its models, and what was skipped.</summary>
internal sealed record StoreScan(string Provider, string Root, IReadOnlyList<ImportedModel> Models, IReadOnlyList<SkippedFile> Skipped);
