namespace FakeLlamaServer.CommandLine;

/// <summary>The subset of llama-server's settings the fake understands, with llama-server's defaults.</summary>
internal sealed class ServerOptions
{
    public string? ModelPath { get; set; }

    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8080;

    /// <summary>llama-server keeps aliases in a std::set (sorted) and reports the first as the model name.</summary>
    public SortedSet<string> Aliases { get; } = new(StringComparer.Ordinal);

    /// <summary>0 = "loaded from model" (the fake's model says 4096).</summary>
    public int ContextSize { get; set; }

    /// <summary>-1 = auto: 4 slots sharing one unified context.</summary>
    public int Parallel { get; set; } = -1;

    public int Threads { get; set; } = Environment.ProcessorCount;

    public bool Jinja { get; set; } = true;

    public bool WebUi { get; set; } = true;

    /// <summary>--version: print the version and exit 0, nothing else.</summary>
    public bool ShowVersion { get; set; }
}
