namespace Orchestrator.Grains.Interfaces.Errors;

/// <summary>The id names no model in models.json.</summary>
[GenerateSerializer, Alias("orch.ModelNotFoundException")]
public sealed class ModelNotFoundException : OrchestratorException
{
    /// <summary>Creates the error for <paramref name="modelId"/>.</summary>
    public ModelNotFoundException(string modelId)
        : base($"No model \"{modelId}\" in models.json. List the known ids with GET /v1/models (or `orch models`); ids are compared exactly, case included.")
    {
        ModelId = modelId;
    }

    /// <summary>The id that was asked for.</summary>
    [Id(0)]
    public string ModelId { get; }

    /// <inheritdoc />
    public override string ErrorType => ErrorTypes.ModelNotFound;
}
