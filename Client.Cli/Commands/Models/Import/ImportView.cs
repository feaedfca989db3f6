namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary><c>orch models import --json</c>: what was found, what changed, what was skipped, and whether the file was written.</summary>
internal sealed record ImportView(
    string Provider, string Store, string Models, string[] Added, FieldChange[] Updated, VanishedEntry[] Vanished, bool Pruned, SkippedFile[] Skipped, bool Written)
{
    public static ImportView From(StoreScan scan, MergeResult merge, string registryPath, bool prune, bool written) =>
        new(scan.Provider, scan.Root, registryPath, [.. merge.Added], [.. merge.Updated], [.. merge.Vanished], prune, [.. scan.Skipped], written);
}
