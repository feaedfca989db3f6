using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Grains.Interfaces.Errors;

namespace Orchestrator.Silo.Api;

/// <summary>
/// Answers what no endpoint matched with a problem, not an empty 404: a wrong path under <c>/v1</c>, or an empty id
/// (<c>/v1/models//start</c>, which no route can match).
/// </summary>
internal static partial class FallbackApi
{
    public const string NotFoundType = "not-found";
    public const string MethodNotAllowedType = "method-not-allowed";

    public static IEndpointRouteBuilder MapFallbackApi(this IEndpointRouteBuilder app)
    {
        app.MapFallback("/v1/{**rest}", NotFound);
        return app;
    }

    private static ProblemHttpResult NotFound(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/v1/models", out var rest) && rest.Value is { } r && r.StartsWith("//", StringComparison.Ordinal)
            ? ModelRoute.EmptyId()
            // The fallback also catches a known path with the wrong method, which routing alone would answer 405.
            : KnownPath().IsMatch(context.Request.Path.Value ?? string.Empty)
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status405MethodNotAllowed,
                type: MethodNotAllowedType,
                title: "Method not allowed",
                detail: $"{context.Request.Method} is not allowed on {context.Request.Path}: start, stop and chat are POST; the rest are GET (see the API table in README.md).")
            : context.Request.Path.StartsWithSegments("/v1/models", out var tail) && tail.Value?.Count(c => c == '/') >= 2
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: ErrorTypes.ModelNotFound,
                title: "Model not found",
                detail: $"No endpoint {context.Request.Method} {context.Request.Path}: a model id is one path segment. Percent-encode the full_identifier ('/' as %2F, ':' as %3A, ' ' as %20), for example /v1/models/{Uri.EscapeDataString("registry.ollama.ai/library/llama3.2:3b")}/start.")
            : TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: NotFoundType,
                title: "Not found",
                detail: $"No endpoint {context.Request.Method} {context.Request.Path}. The API: GET /v1/models, GET /v1/models/{{id}}, POST /v1/models/{{id}}/start|stop|chat, GET /v1/models/{{id}}/logs, GET /v1/events, GET /healthz.");

    [System.Text.RegularExpressions.GeneratedRegex("^/v1/(events|models(/[^/]+(/(start|stop|chat|logs))?)?)/?$")]
    private static partial System.Text.RegularExpressions.Regex KnownPath();

    /// <summary>Gives the framework's own bodiless answers (405 for a wrong method) a stable problem type.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        if (context.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed)
        {
            context.ProblemDetails.Type = MethodNotAllowedType;
            context.ProblemDetails.Detail ??= $"{context.HttpContext.Request.Method} is not allowed on {context.HttpContext.Request.Path}: see the API table in README.md (start, stop and chat are POST).";
        }
        else if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && context.ProblemDetails.Type?.StartsWith("http", StringComparison.Ordinal) != false)
        {
            context.ProblemDetails.Type = NotFoundType;
        }
    }
}
