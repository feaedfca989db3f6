using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Output;
using Orchestrator.Client;
using Spectre.Console;

using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;

namespace Orchestrator.Cli;

/// <summary>One command's view of its invocation: consoles, <c>--json</c>, and the client connected through <c>--gateway</c>/<c>--url</c>/<c>--token</c> or silo.json.</summary>
internal sealed class CliContext(ParseResult parseResult)
{
    private readonly CliEnvironment _environment = ((CliInvocation)parseResult.InvocationConfiguration).Environment;

    public IAnsiConsole Out => _environment.Out;

    public IAnsiConsole Error => _environment.Error;

    public TextReader In => _environment.In;

    public Interrupts Interrupts => _environment.Interrupts;

    /// <summary>An environment variable of orch's environment, null when it is not set.</summary>
    public string? Variable(string name) => _environment.Variable(name);

    public bool Json { get; } = parseResult.GetValue(GlobalOptions.Json);

    /// <summary>Standard output goes to a file or a pipe: plain, greppable text rather than a layout for a terminal.</summary>
    public bool OutputRedirected => _environment.OutputRedirected;

    /// <summary>
    /// Connects to the silo: <c>--gateway</c> (with <c>--token</c>, else the token of silo.json when it names the same gateway),
    /// <c>--url</c> (the silo whose silo.json has that URL), or else the silo that silo.json names. Throws
    /// <see cref="SiloUnavailableException"/> when no silo runs, at once.
    /// </summary>
    public async Task<OrchestratorClient> ConnectAsync(CancellationToken cancellationToken)
    {
        StartupTrace.Mark("parsed");
        var client = await OrchestratorClient.ConnectAsync(ClientOptions(), cancellationToken);
        StartupTrace.Mark("connected");
        return client;
    }

    /// <summary>Writes <paramref name="value"/> to stdout as JSON: indented for a document, one line for an item of a stream.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo, bool indented = true) => JsonOutput.Write(Out.Profile.Out.Writer, value, typeInfo, indented);

    /// <summary>A diagnostic line on stderr; <paramref name="markup"/> is Spectre markup with every interpolated value escaped.</summary>
    public void Note(string markup) => Error.MarkupLine(markup);

    private OrchestratorClientOptions ClientOptions()
    {
        // A remote orch (another machine than the cluster node) takes its gateway and certificates from the environment too.
        var gateway = parseResult.GetValue(GlobalOptions.Gateway) ?? Variable("ORCH_GATEWAY");
        if (gateway is not null && GatewayAddress.Parse(gateway) is null)
        {
            throw new InvalidDataException($"ORCH_GATEWAY must be HOST:PORT with an IP address or localhost, such as 192.168.1.20:8782, not \"{gateway}\".");
        }

        var options = new OrchestratorClientOptions
        {
            StateDirectory = _environment.StateDirectory,
            Gateway = gateway,
            Token = parseResult.GetValue(GlobalOptions.Token),
            Certificate = parseResult.GetValue(GlobalOptions.Certificate) ?? Variable("ORCH_CERTIFICATE"),
            CertificateKey = parseResult.GetValue(GlobalOptions.CertificateKey) ?? Variable("ORCH_CERTIFICATE_KEY"),
            CertificatePassword = Variable("ORCH_CERTIFICATE_PASSWORD"), // not an option: a command line is visible to every user
            CertificateAuthority = parseResult.GetValue(GlobalOptions.CertificateAuthority) ?? Variable("ORCH_CERTIFICATE_AUTHORITY"),
            ClusterId = parseResult.GetValue(GlobalOptions.ClusterId) ?? Variable("ORCH_CLUSTER_ID"),
            // orch exits right after its command; the orderly close would only add to every command's time.
            CloseGracefully = false,
        };
        if (parseResult.GetValue(GlobalOptions.Url) is not { } url || options.Gateway is not null)
        {
            return options;
        }

        // orch speaks to the silo's Orleans gateway, not its HTTP API: --url picks the silo whose silo.json names that URL.
        var info = SiloDiscovery.Read(_environment.StateDirectory);
        return Uri.Compare(new Uri(info.Url), new Uri(url), UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? options
            : throw new SiloUnavailableException(
                $"no silo at {url} is known here: silo.json names the silo at {info.Url}. orch connects through a silo's Orleans gateway: pass --gateway HOST:PORT and --token (the \"gateway\" and \"token\" of that silo's silo.json)");
    }
}
