using Orchestrator.Client.AI;
using Orchestrator.Grains.Interfaces.Errors;
using Spectre.Console;

using SiloUnavailableException = Orchestrator.Client.SiloUnavailableException;

namespace Orchestrator.Cli;

/// <summary>The one place where errors become a line on stderr and an exit code.</summary>
internal static class ErrorReport
{
    public static int Report(Exception error, IAnsiConsole console, CancellationToken commandToken)
    {
        var (code, message) = error switch
        {
            SiloUnavailableException { CredentialRefused: true } e => (ExitCodes.Failure, e.Message),
            SiloUnavailableException e => (ExitCodes.SiloUnavailable, e.Message),
            ModelNotFoundException e => (ExitCodes.ModelNotFound, e.Message),
            ModelNotRunningException e => (ExitCodes.ModelNotRunning, e.Message),
            StartFailedException e => (ExitCodes.Failure, e.Message),
            ChatStreamException e => (ExitCodes.Failure, e.Message),
            RegistryException e => (ExitCodes.Failure, e.Message),
            InvalidDataException e => (ExitCodes.Failure, e.Message),
            IOException e => (ExitCodes.Failure, e.Message),
            UnauthorizedAccessException e => (ExitCodes.Failure, e.Message),
            OperationCanceledException when commandToken.IsCancellationRequested => (ExitCodes.Interrupted, "interrupted"),
            _ => (ExitCodes.Failure, $"unexpected error: {error}"),
        };
        console.MarkupLine($"[red]orch:[/] {Markup.Escape(message)}");
        return code;
    }
}
