using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.TestSupport;

/// <summary>
/// A FakeLlamaServer script. Write it to a file and pass the path as the model file (-m). Unset (null) fields
/// take the fake's defaults; "after N tokens" fields count emitted tokens of one completion (0 = before the first).
/// </summary>
public sealed record FakeScenario
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>The fake's tokens when <see cref="Tokens"/> is not set.</summary>
    public static IReadOnlyList<string> DefaultTokens { get; } = ["Hello", ",", " world", "!"];

    /// <summary>Simulated load time from the port being bound to ready (default 50).</summary>
    public int? LoadMs { get; init; }

    /// <summary>Never becomes ready: 503 until killed; SIGTERM kills it (signal death).</summary>
    public bool? HangAtLoad { get; init; }

    /// <summary>Exit with this code at the end of loading, instead of becoming ready.</summary>
    public int? ExitAtLoadCode { get; init; }

    /// <summary>Printed to stderr before <see cref="ExitAtLoadCode"/> exits.</summary>
    public string? ExitAtLoadMessage { get; init; }

    /// <summary>Tokens of every completion, in a cycle (default <see cref="DefaultTokens"/>).</summary>
    public IReadOnlyList<string>? Tokens { get; init; }

    /// <summary>Tokens per completion (default the length of <see cref="Tokens"/>).</summary>
    public int? TokenCount { get; init; }

    /// <summary>Pause between tokens (default 0: as fast as possible).</summary>
    public int? TokenDelayMs { get; init; }

    /// <summary>Pause before the first token (slow prompt processing); no response headers are sent meanwhile.</summary>
    public int? PromptDelayMs { get; init; }

    /// <summary>The process dies abruptly (_exit(<see cref="CrashExitCode"/>)) after this many tokens.</summary>
    public int? CrashAfterTokens { get; init; }

    /// <summary>Exit status of the crash (default 134, as abort() looks to Process.ExitCode).</summary>
    public int? CrashExitCode { get; init; }

    /// <summary>If set, the crash is a death by this signal number (e.g. 9 or 6) instead of an exit code.</summary>
    public int? CrashSignal { get; init; }

    /// <summary>The stream stalls forever after this many tokens; /health stays 200.</summary>
    public int? HangAfterTokens { get; init; }

    /// <summary>After this many tokens the whole server wedges: no stream moves, no endpoint answers (connections are accepted).</summary>
    public int? FreezeAfterTokens { get; init; }

    /// <summary>After this many tokens an in-band error event ends the stream, without [DONE].</summary>
    public int? ErrorAfterTokens { get; init; }

    /// <summary>The in-band error's message (default "Context size has been exceeded.").</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>Default true, as llama-server: a first SIGTERM waits until in-flight requests' clients disconnect.</summary>
    public bool? IgnoreSigtermInFlight { get; init; }

    /// <summary>File the fake appends one JSON line per event to (see <see cref="FakeEventLog"/>).</summary>
    public string? EventsFile { get; init; }

    /// <summary>The scenario as the fake reads it (snake_case JSON).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Writes the scenario into <paramref name="directory"/> and returns the file's full path.</summary>
    /// <param name="directory">An existing folder.</param>
    /// <param name="fileName">The model file's name, which /v1/models reports when no --alias is given.</param>
    public string WriteToFile(string directory, string fileName = "fake-model.json")
    {
        var path = Path.GetFullPath(Path.Combine(directory, fileName));
        File.WriteAllText(path, ToJson());
        return path;
    }

    /// <summary>Writes the scenario to a new file in a fresh folder under the temp directory; returns its path.</summary>
    public string WriteToTempFile() => WriteToFile(TempDirectory.CreateUnique());
}
