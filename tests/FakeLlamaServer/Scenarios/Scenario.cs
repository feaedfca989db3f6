namespace FakeLlamaServer.Scenarios;

/// <summary>
/// What the fake does, read from the "model file" given with -m (JSON, snake_case). Every field is optional;
/// a model file that is not JSON (a real .gguf) gives these defaults. Token counts are "after N tokens":
/// 0 means before the first token; a count at or past the end of the output never triggers.
/// </summary>
internal sealed record Scenario
{
    public const int DefaultLoadMs = 50;
    public const int DefaultCrashExitCode = 134;
    public const string DefaultErrorMessage = "Context size has been exceeded.";

    public static IReadOnlyList<string> DefaultTokens { get; } = ["Hello", ",", " world", "!"];

    /// <summary>Simulated model load, from the HTTP port being bound to ready.</summary>
    public int LoadMs { get; set; } = DefaultLoadMs;

    /// <summary>Never becomes ready (answers 503 until killed).</summary>
    public bool HangAtLoad { get; set; }

    /// <summary>Exits with this code after <see cref="LoadMs"/> instead of becoming ready.</summary>
    public int? ExitAtLoadCode { get; set; }

    /// <summary>Printed to stderr before <see cref="ExitAtLoadCode"/> exits.</summary>
    public string? ExitAtLoadMessage { get; set; }

    /// <summary>Emitted in a cycle until <see cref="TokenCount"/> tokens are out.</summary>
    public IReadOnlyList<string> Tokens { get; set; } = DefaultTokens;

    /// <summary>Tokens per completion; default the length of <see cref="Tokens"/>.</summary>
    public int? TokenCount { get; set; }

    /// <summary>Pause before each token after the first; 0 = as fast as possible.</summary>
    public int TokenDelayMs { get; set; }

    /// <summary>Pause before the first token (slow prompt processing; /health still answers).</summary>
    public int PromptDelayMs { get; set; }

    /// <summary>The process dies abruptly (_exit) after this many tokens of a completion.</summary>
    public int? CrashAfterTokens { get; set; }

    /// <summary>Exit status of the crash; 134 looks like abort() (128 + SIGABRT) to .NET's Process.ExitCode.</summary>
    public int CrashExitCode { get; set; } = DefaultCrashExitCode;

    /// <summary>If set, the crash is a death by this signal (e.g. 9, 6) instead of an exit with <see cref="CrashExitCode"/>.</summary>
    public int? CrashSignal { get; set; }

    /// <summary>The stream stalls forever after this many tokens; the server stays healthy.</summary>
    public int? HangAfterTokens { get; set; }

    /// <summary>After this many tokens the whole server wedges: streams stall, every endpoint accepts and never answers.</summary>
    public int? FreezeAfterTokens { get; set; }

    /// <summary>After this many tokens the stream ends with an in-band error event and no [DONE].</summary>
    public int? ErrorAfterTokens { get; set; }

    public string ErrorMessage { get; set; } = DefaultErrorMessage;

    /// <summary>Like llama-server: the first SIGTERM waits until in-flight requests end (their clients disconnect).</summary>
    public bool IgnoreSigtermInFlight { get; set; } = true;

    /// <summary>Appends one JSON line per notable event (ready, request_started, ...), for tests to read.</summary>
    public string? EventsFile { get; set; }

    /// <summary>Tokens per completion after defaults.</summary>
    public int EffectiveTokenCount => TokenCount ?? Tokens.Count;
}
