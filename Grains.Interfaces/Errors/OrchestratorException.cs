namespace Orchestrator.Grains.Interfaces.Errors;

/// <summary>
/// The closed family of errors a grain reports to its callers. <see cref="ErrorType"/> is stable: the silo maps it
/// to a problem-details <c>type</c> and the client maps it back to the same exception.
/// </summary>
[GenerateSerializer, Alias("orch.OrchestratorException")]
public abstract class OrchestratorException : Exception
{
    /// <summary>Creates the error with a message a person can act on.</summary>
    protected OrchestratorException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>A stable, kebab-case name of the kind of error (for example <c>model-not-found</c>).</summary>
    public abstract string ErrorType { get; }
}
