namespace Orchestrator.Silo;

/// <summary>The silo's own settings (section <c>Orchestrator</c>); the grains' settings share the section.</summary>
public sealed class SiloOptions
{
    /// <summary>Default <see cref="Port"/>.</summary>
    public const int DefaultPort = 8780;

    /// <summary>
    /// Default <see cref="SiloPort"/>: beside the HTTP port, and not Orleans' own default (11111), which other Orleans
    /// development silos on the machine use.
    /// </summary>
    public const int DefaultSiloPort = 8781;

    /// <summary>Default <see cref="GatewayPort"/>: the next one.</summary>
    public const int DefaultGatewayPort = 8782;

    /// <summary>Default <see cref="MaxRequestBodyBytes"/>: 4 MiB.</summary>
    public const long DefaultMaxRequestBodyBytes = 4 * 1024 * 1024;

    /// <summary>models.json (<c>--models</c>); relative to the working directory.</summary>
    public string ModelsPath { get; set; } = "models.json";

    /// <summary>The port to listen on (<c>--port</c>); 0 picks a free one. silo.json always has the real URL.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Orleans' silo-to-silo port on 127.0.0.1 (<c>--silo-port</c>); 0 picks a free one.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>
    /// Orleans' client gateway on 127.0.0.1 (<c>--gateway-port</c>); 0 picks a free one. silo.json names the real one. Only
    /// clients that present the silo's token get through (<see cref="Security.GatewayGate"/>).
    /// </summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// The address to bind. Loopback unless set explicitly: a local service that starts processes is a target for any
    /// web page the user visits.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>Host names accepted in the <c>Host</c> header besides the loopback names (needed only for a non-loopback bind).</summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>Request bodies over this size get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>How often an SSE response sends a keep-alive comment while no event is due.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a shutdown waits for the models to stop before it kills what is left. Within the host's own shutdown
    /// timeout (30 s), so the exit is always clean.
    /// </summary>
    public TimeSpan ShutdownBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The state directory (silo.json, the child journal); null means the standard one (see SiloStateDirectory).</summary>
    public string? StateDirectory { get; set; }
}
