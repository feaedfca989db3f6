using Orchestrator.Client;

using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>Whether a silo answers where orch looks for one (<c>--url</c>, else silo.json).</summary>
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
            return (DoctorCheck.Fail(Name, e.Message, SiloUnavailableException.StartHint), false);
        }
        catch (SiloRequestException e)
        {
            // Something answered and refused: a silo runs, but not for this token.
            return (DoctorCheck.Fail(Name, e.Message, "pass the silo's --token, or leave out --url and --token to use silo.json"), true);
        }
    }

    /// <summary>How orch reaches the silo, in one place: asks it for its models.</summary>
    private static async Task<int> CountModelsAsync(CliContext cli, CancellationToken cancellationToken)
    {
        using var client = cli.Connect();
        return (await client.ListAsync(cancellationToken)).Count;
    }
}
