using System.CommandLine;

namespace Orchestrator.Cli;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Url = CreateUrl();

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "The silo's bearer token (default: from silo.json).",
        Recursive = true,
    };

    public static readonly Option<bool> Json = new("--json")
    {
        Description = "Write JSON to stdout (one document, or one line per item for streams); diagnostics go to stderr.",
        Recursive = true,
    };

    private static Option<string?> CreateUrl()
    {
        var option = new Option<string?>("--url")
        {
            Description = "The silo's URL, e.g. http://127.0.0.1:8780 (default: from silo.json in the state directory).",
            Recursive = true,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                result.AddError($"--url must be an absolute http URL such as http://127.0.0.1:8780, not \"{value}\".");
            }
        });
        return option;
    }
}
