namespace Orchestrator.Grains.Interfaces.Errors;

/// <summary>The stable error type names shared by the grains, the silo's problem details and the client.</summary>
public static class ErrorTypes
{
    /// <summary>The id is not in models.json.</summary>
    public const string ModelNotFound = "model-not-found";

    /// <summary>The operation needs a <c>Running</c> model.</summary>
    public const string ModelNotRunning = "model-not-running";

    /// <summary>The model could not be started; the detail carries the reason.</summary>
    public const string StartFailed = "start-failed";

    /// <summary>The request is malformed or has an invalid field.</summary>
    public const string BadRequest = "bad-request";

    /// <summary>A chat stream ended because its model was stopped.</summary>
    public const string ModelStopped = "model-stopped";

    /// <summary>A chat stream ended because its model crashed or stopped answering.</summary>
    public const string ModelCrashed = "model-crashed";

    /// <summary>llama-server answered with an error (before or inside the stream), or broke the stream off.</summary>
    public const string UpstreamError = "upstream-error";

    /// <summary>A chat stream ended because the node running its model went down or stopped answering (cluster mode).</summary>
    public const string ModelUnavailable = "model-unavailable";
}
