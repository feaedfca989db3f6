namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>One check of <c>orch doctor</c>, as it prints it and as <c>--json</c> writes it.</summary>
/// <param name="Check">What was checked: <c>silo</c>, <c>llama-server</c>, <c>models.json</c>, <c>model &lt;id&gt;</c>, <c>port &lt;n&gt;</c>.</param>
/// <param name="Ok">Whether a first run has what it needs here.</param>
/// <param name="Detail">What was found.</param>
/// <param name="Fix">How to put it right; null when <paramref name="Ok"/>.</param>
internal sealed record DoctorCheck(string Check, bool Ok, string Detail, string? Fix)
{
    public static DoctorCheck Pass(string check, string detail) => new(check, true, detail, null);

    public static DoctorCheck Fail(string check, string detail, string fix) => new(check, false, detail, fix);
}
