using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Cli.Output;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Registry;
using Spectre.Console;

namespace Orchestrator.Cli.Commands.Models.Import;

/// <summary>
/// <c>orch models import</c>: fills models.json from the stores users already have (Ollama, the Hugging Face cache, LM
/// Studio) or one GGUF file. Needs no silo; a running silo sees the new file at once (it watches models.json).
/// </summary>
internal static class ImportCommand
{
    public static readonly Argument<string?> File = new("path") { Description = "One GGUF file to import (instead of --from).", Arity = ArgumentArity.ZeroOrOne };

    public static readonly Option<string?> From = new("--from")
    {
        Description = "The store to import: ollama ($OLLAMA_MODELS, else ~/.ollama/models), huggingface ($HF_HUB_CACHE, else ~/.cache/huggingface/hub) or lmstudio (~/.lmstudio/models).",
    };

    public static readonly Option<string?> Store = new("--store") { Description = "The store's folder, when it is not where --from looks." };

    public static readonly Option<string> Models = new("--models")
    {
        Description = "The models.json to merge into (created when missing).",
        DefaultValueFactory = _ => "models.json",
    };

    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print what would change; write nothing." };

    public static readonly Option<bool> Prune = new("--prune") { Description = "Delete the entries of this store whose model file is gone (otherwise they are only reported)." };

    public static readonly Command Command = Create();

    private static readonly JsonSerializerOptions Written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Command Create()
    {
        From.AcceptOnlyFromAmong("ollama", "huggingface", "lmstudio");
        var command = new Command("import", "Add the models of an Ollama store, the Hugging Face cache, LM Studio or one GGUF file to models.json, keeping every field you wrote.")
        {
            File, From, Store, Models, DryRun, Prune,
        };
        command.Validators.Add(result =>
        {
            var hasFile = result.GetValue(File) is not null;
            var hasFrom = result.GetValue(From) is not null;
            if (hasFile == hasFrom)
            {
                result.AddError(hasFile
                    ? "give a GGUF file or --from, not both"
                    : "say what to import: --from ollama|huggingface|lmstudio, or the path of a GGUF file");
            }
        });
        command.SetAction(Run);
        return command;
    }

    private static int Run(ParseResult parseResult)
    {
        var cli = new CliContext(parseResult);
        var scan = Scan(parseResult, cli);
        var registryPath = Path.GetFullPath(parseResult.GetRequiredValue(Models));
        var prune = parseResult.GetValue(Prune);
        var dryRun = parseResult.GetValue(DryRun);
        var before = System.IO.File.Exists(registryPath) ? System.IO.File.ReadAllText(registryPath) : null;
        JsonNode? document;
        try
        {
            document = before is null ? null : JsonNode.Parse(before, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new RegistryException(registryPath, $"{registryPath}: cannot merge into it: malformed JSON ({e.Message}); fix it first (orch doctor shows where)");
        }

        var folder = Path.GetDirectoryName(registryPath)!;
        var merge = RegistryMerge.Merge(document, scan, prune, file => Exists(file, folder));
        var text = merge.Document.ToJsonString(Written) + "\n";
        // What is written must load as the silo loads it; otherwise nothing is written.
        var loaded = ModelRegistry.Parse(text, registryPath);
        var write = !dryRun && merge.Changed(prune);
        if (cli.Json)
        {
            cli.WriteJson(ImportView.From(scan, merge, registryPath, prune, write), CliJsonContext.Default.ImportView);
        }
        else
        {
            Report(cli, scan, merge, registryPath, prune, dryRun);
        }

        if (!write)
        {
            return scan.Models.Count == 0 && scan.Skipped.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(registryPath)}.{Environment.ProcessId}.tmp");
        System.IO.File.WriteAllText(temporary, text);
        System.IO.File.Move(temporary, registryPath, overwrite: true); // atomic: a reader sees the old file or the new one
        cli.Note($"[green]wrote[/] {Markup.Escape(registryPath)} ({loaded.Models.Count} model(s)). A running silo picks it up at once (it watches the file); orch models lists them.");
        return ExitCodes.Success;
    }

    private static StoreScan Scan(ParseResult parseResult, CliContext cli)
    {
        if (parseResult.GetValue(File) is { } path)
        {
            return SingleGgufFile.Scan(path);
        }

        var store = parseResult.GetValue(Store);
        return parseResult.GetValue(From) switch
        {
            "ollama" => OllamaStore.Scan(store ?? OllamaStore.DefaultRoot(cli.Variable)),
            "huggingface" => HuggingFaceCache.Scan(store ?? HuggingFaceCache.DefaultRoot(cli.Variable)),
            _ => LmStudioStore.Scan(store ?? LmStudioStore.DefaultRoot(cli.Variable)),
        };
    }

    private static void Report(CliContext cli, StoreScan scan, MergeResult merge, string registryPath, bool prune, bool dryRun)
    {
        var output = cli.Out;
        output.MarkupLine($"{Markup.Escape(scan.Provider)} store {Markup.Escape(scan.Root)}: {scan.Models.Count} model(s) found");
        foreach (var id in merge.Added)
        {
            output.MarkupLine($"[green]+ {Markup.Escape(id)}[/]");
        }

        foreach (var change in merge.Updated)
        {
            output.MarkupLine($"[yellow]~ {Markup.Escape(change.Id)}[/]: {Markup.Escape(change.Field)} {Markup.Escape(change.Old ?? "(none)")} -> {Markup.Escape(change.New)}");
        }

        foreach (var vanished in merge.Vanished)
        {
            var fate = prune ? "deleted (--prune)" : "kept; --prune deletes it";
            output.MarkupLine($"[red]- {Markup.Escape(vanished.Id)}[/]: its file is gone ({Markup.Escape(vanished.ModelFilePath)}): {fate}");
        }

        foreach (var skipped in scan.Skipped)
        {
            cli.Note($"[grey]skipped {Markup.Escape(skipped.Path)}: {Markup.Escape(skipped.Reason)}[/]");
        }

        var verdict = !merge.Changed(prune) ? "nothing to change" : dryRun ? "dry run: nothing written" : null;
        if (verdict is not null)
        {
            cli.Note($"{Markup.Escape(registryPath)}: {verdict}");
        }
    }

    /// <summary>Whether an entry's model file is there, the path resolved as the silo resolves it.</summary>
    private static bool Exists(string path, string folder) =>
        RegistryPaths.TryResolve(path, folder, out var full, out _) && System.IO.File.Exists(full);
}
