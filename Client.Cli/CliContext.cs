using System.CommandLine;
using System.Text.Json.Serialization.Metadata;
using Orchestrator.Cli.Hosting;
using Orchestrator.Cli.Output;
using Orchestrator.Client;
using Spectre.Console;

using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;

namespace Orchestrator.Cli;

/// <summary>One command's view of its invocation: consoles, <c>--json</c>, and the client built from <c>--url</c>/<c>--token</c> or silo.json.</summary>
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
    /// The client: <c>--url</c> (with <c>--token</c>, else the token of silo.json when it names the same URL), or else the silo
    /// that silo.json names. Throws <see cref="SiloUnavailableException"/> when no silo runs.
    /// </summary>
    public OrchestratorClient Connect()
    {
        var url = parseResult.GetValue(GlobalOptions.Url);
        var token = parseResult.GetValue(GlobalOptions.Token);
        if (url is null)
        {
            var info = SiloDiscovery.Read(_environment.StateDirectory);
            return new OrchestratorClient(new Uri(info.Url), token ?? info.Token);
        }

        var baseAddress = new Uri(url);
        return new OrchestratorClient(baseAddress, token ?? TokenOf(baseAddress) ?? string.Empty);
    }

    /// <summary>Writes <paramref name="value"/> to stdout as JSON: indented for a document, one line for an item of a stream.</summary>
    public void WriteJson<T>(T value, JsonTypeInfo<T> typeInfo, bool indented = true) => JsonOutput.Write(Out.Profile.Out.Writer, value, typeInfo, indented);

    /// <summary>A diagnostic line on stderr; <paramref name="markup"/> is Spectre markup with every interpolated value escaped.</summary>
    public void Note(string markup) => Error.MarkupLine(markup);

    private string? TokenOf(Uri baseAddress)
    {
        try
        {
            var info = SiloDiscovery.Read(_environment.StateDirectory);
            return Uri.TryCreate(info.Url, UriKind.Absolute, out var known) && Uri.Compare(known, baseAddress, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
                ? info.Token
                : null;
        }
        catch (SiloUnavailableException)
        {
            return null;
        }
    }
}
