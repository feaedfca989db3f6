using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Silo.Api;

/// <summary>
/// RFC 9457 problem details, one stable <c>type</c> per kind of error. The one place where grain exceptions become
/// HTTP answers; the client maps the types back to the same exceptions.
/// </summary>
internal static class Problems
{
    public const string UnauthorizedType = "unauthorized";
    public const string ForbiddenType = "forbidden";
    public const string PayloadTooLargeType = "payload-too-large";
    public const string UnsupportedMediaTypeType = "unsupported-media-type";

    public static ProblemHttpResult From(OrchestratorException error) => error switch
    {
        ModelNotFoundException => Create(StatusCodes.Status404NotFound, error.ErrorType, "Model not found", error.Message),
        ModelNotRunningException => Create(StatusCodes.Status409Conflict, error.ErrorType, "Model not running", error.Message),
        StartFailedException => Create(StatusCodes.Status502BadGateway, error.ErrorType, "Model failed to start", error.Message),
        _ => Create(StatusCodes.Status500InternalServerError, error.ErrorType, "Error", error.Message),
    };

    /// <summary>A model whose node is down or not answering (cluster mode).</summary>
    public static ProblemHttpResult Unavailable(string id, string? reason) => Create(StatusCodes.Status503ServiceUnavailable, ErrorTypes.ModelUnavailable, "Model unavailable",
        $"Model \"{id}\" is unavailable: {reason ?? "its node is down"}. It runs only on a node that lists it; start that node again (or list the model on another node).");

    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, ErrorTypes.BadRequest, "Bad request", detail);

    public static ProblemHttpResult TooLarge(long limit) => Create(StatusCodes.Status413PayloadTooLarge, PayloadTooLargeType, "Request body too large",
        $"The request body is larger than the limit of {limit} bytes (Orchestrator:MaxRequestBodyBytes).");

    public static ProblemHttpResult WrongMediaType(string? contentType) => Create(StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaTypeType, "Unsupported media type",
        $"The body must be JSON (Content-Type: application/json), not {(string.IsNullOrEmpty(contentType) ? "no content type" : contentType)}.");

    public static ProblemHttpResult Unauthorized() => Create(StatusCodes.Status401Unauthorized, UnauthorizedType, "Unauthorized",
        "Every /v1 call needs 'Authorization: Bearer <token>'; the token is in silo.json in the silo's state directory (readable by its user only).");

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, ForbiddenType, "Forbidden", detail);

    private static ProblemHttpResult Create(int status, string type, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title, type: type);
}
