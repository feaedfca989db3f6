namespace Orchestrator.Client;

/// <summary>
/// The silo refused a request with a problem that has no typed exception of its own (for example <c>unauthorized</c>,
/// <c>forbidden</c>, <c>bad-request</c>, <c>payload-too-large</c>). Model errors arrive as the grain's exceptions instead
/// (<see cref="Grains.Interfaces.Errors.ModelNotFoundException"/> and its siblings).
/// </summary>
public sealed class SiloRequestException : Exception
{
    /// <summary>Creates the error from the silo's problem details.</summary>
    public SiloRequestException(string errorType, int statusCode, string? title, string detail)
        : base($"The silo answered {statusCode} {errorType}: {detail}")
    {
        ErrorType = errorType;
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
    }

    /// <summary>The problem's stable <c>type</c> (for example <c>unauthorized</c>), or <c>http-&lt;status&gt;</c> when the answer had none.</summary>
    public string ErrorType { get; }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The problem's short title, when given.</summary>
    public string? Title { get; }

    /// <summary>What went wrong, for a person.</summary>
    public string Detail { get; }
}
