using System.CommandLine;

namespace Orchestrator.Cli;

/// <summary>The options every command takes.</summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Url = CreateUrl();

    public static readonly Option<string?> Gateway = CreateGateway();

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "The silo's token, its gateway credential (default: from silo.json).",
        Recursive = true,
    };

    public static readonly Option<string?> Certificate = new("--certificate")
    {
        Description = "A client certificate signed by the cluster's authority (PEM with --certificate-key, or PFX; password in ORCH_CERTIFICATE_PASSWORD), for a cluster node's gateway (default: $ORCH_CERTIFICATE, else silo.json).",
        Recursive = true,
    };

    public static readonly Option<string?> CertificateKey = new("--certificate-key")
    {
        Description = "The PEM private key of --certificate (default: $ORCH_CERTIFICATE_KEY).",
        Recursive = true,
    };

    public static readonly Option<string?> CertificateAuthority = new("--certificate-authority")
    {
        Description = "The cluster's certificate authority (PEM), the only one a gateway's certificate may chain to (default: $ORCH_CERTIFICATE_AUTHORITY).",
        Recursive = true,
    };

    public static readonly Option<string?> ClusterId = new("--cluster-id")
    {
        Description = "The cluster's id, with --certificate (default: $ORCH_CLUSTER_ID, else orchestrator).",
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
            Description = "The silo's HTTP URL, e.g. http://127.0.0.1:8780: connect to the silo whose silo.json names it (default: silo.json in the state directory).",
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

    private static Option<string?> CreateGateway()
    {
        var option = new Option<string?>("--gateway")
        {
            Description = "The silo's Orleans gateway, e.g. 127.0.0.1:8782 (default: $ORCH_GATEWAY, else the \"gateway\" of silo.json).",
            Recursive = true,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && Client.GatewayAddress.Parse(value) is null)
            {
                result.AddError($"--gateway must be HOST:PORT with an IP address or localhost, such as 127.0.0.1:8782, not \"{value}\".");
            }
        });
        return option;
    }
}
