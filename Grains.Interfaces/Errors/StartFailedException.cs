namespace Orchestrator.Grains.Interfaces.Errors;

/// <summary>The model could not be brought to <c>Running</c>; <see cref="Reason"/> is the <c>Crashed</c> reason.</summary>
[GenerateSerializer, Alias("orch.StartFailedException")]
public sealed class StartFailedException : OrchestratorException
{
    /// <summary>Creates the error with the reason the model's state records.</summary>
    public StartFailedException(string modelId, string reason)
        : base($"Model \"{modelId}\" failed to start: {reason}")
    {
        ModelId = modelId;
        Reason = reason;
    }

    /// <summary>The model.</summary>
    [Id(0)]
    public string ModelId { get; }

    /// <summary>What happened: exit code or signal with the last lines of the server's output, a missing binary or file, a timeout.</summary>
    [Id(1)]
    public string Reason { get; }

    /// <inheritdoc />
    public override string ErrorType => ErrorTypes.StartFailed;
}
