using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Interfaces.Errors;

/// <summary>The operation needs a <c>Running</c> model and this one is not.</summary>
[GenerateSerializer, Alias("orch.ModelNotRunningException")]
public sealed class ModelNotRunningException : OrchestratorException
{
    /// <summary>Creates the error from the model's current state.</summary>
    public ModelNotRunningException(string modelId, ModelStatus status, string? reason = null)
        : base(reason is null
            ? $"Model \"{modelId}\" is {status}, not Running. Start it first (POST /v1/models/{{id}}/start or `orch start`)."
            : $"Model \"{modelId}\" is {status}, not Running ({reason}). Start it first (POST /v1/models/{{id}}/start or `orch start`).")
    {
        ModelId = modelId;
        Status = status;
    }

    /// <summary>The model.</summary>
    [Id(0)]
    public string ModelId { get; }

    /// <summary>Its status when the operation was refused.</summary>
    [Id(1)]
    public ModelStatus Status { get; }

    /// <inheritdoc />
    public override string ErrorType => ErrorTypes.ModelNotRunning;
}
