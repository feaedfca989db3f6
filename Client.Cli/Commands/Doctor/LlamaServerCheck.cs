using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Cli.Commands.Doctor;

/// <summary>Whether the silo will find llama-server (the silo's own lookup, <see cref="BinaryResolver"/>), and what it says its version is.</summary>
internal static class LlamaServerCheck
{
    public const string Name = "llama-server";

    // The silo reads Orchestrator:LlamaServerPath from its configuration, which the environment sets under this name; its
    // appsettings.json and command line are its own, which orch cannot see.
    private const string ConfigurationVariable = "Orchestrator__LlamaServerPath";

    public static async Task<DoctorCheck> RunAsync(CliContext cli, CancellationToken cancellationToken)
    {
        var configured = new[] { ConfigurationVariable, BinaryResolver.EnvironmentVariable }
            .Select(cli.Variable)
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        var (path, error) = BinaryResolver.Resolve(configured, cli.Variable("PATH"));
        if (path is null)
        {
            return DoctorCheck.Fail(Name, error!, configured is null
                ? $"install llama.cpp (its llama-server on PATH), or set {BinaryResolver.EnvironmentVariable} to the binary"
                : $"set {BinaryResolver.EnvironmentVariable} (or Orchestrator:LlamaServerPath) to an executable llama-server");
        }

        var answer = await VersionProbe.RunAsync(path, cancellationToken);
        return answer.Version is { } version
            ? DoctorCheck.Pass(Name, $"{path} ({version})")
            : DoctorCheck.Fail(Name, $"{path}: {answer.Problem}", $"check that it is llama.cpp's llama-server and that it runs: {path} --version");
    }
}
