using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>Whether a silo answers where orch looks for one (<c>--gateway</c> or <c>--url</c>, else silo.json).</summary>
internal static class SiloCheck
{
    public const string Name = "silo";

    /// <summary>The check, and whether a silo runs there (which then holds the ports).</summary>
    public static async Task<(DoctorCheck Check, bool Running)> RunAsync(CliContext cli, CancellationToken cancellationToken)
    {
        try
        {
            var models = await CountModelsAsync(cli, cancellationToken);
            return (DoctorCheck.Pass(Name, $"a silo answers; it serves {models} model(s)"), true);
        }
        catch (SiloUnavailableException e)
        {
            // A gateway that refused the token is a running silo (it holds its ports), just not for this token.
            var fix = e.CredentialRefused
                ? "leave out --token to use silo.json, or pass the \"token\" of that silo's silo.json"
                : SiloUnavailableException.StartHint;
            return (DoctorCheck.Fail(Name, e.Message, fix), e.CredentialRefused);
        }
    }

    /// <summary>How orch reaches the silo, in one place: asks it for its models.</summary>
    private static async Task<int> CountModelsAsync(CliContext cli, CancellationToken cancellationToken)
    {
        await using var client = await cli.ConnectAsync(cancellationToken);
        return (await client.ListAsync(cancellationToken)).Count;
    }
}
