using Orchestrator.Grains.Interfaces.Dashboard;

namespace Orchestrator.Silo.Dashboard;

/// <summary>
/// The web page: <c>GET /</c> and <c>GET /assets/{file}</c> (no secrets in them; the API calls they make need the
/// session), and <c>GET /signin?code=</c>, which trades a one-time code from <c>orch dashboard</c> for the session cookie.
/// </summary>
internal static partial class DashboardEndpoints
{
    // The page's own files and the same-origin API only: no inline script, no other host, no framing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string SignInFailedPage = "signin-failed.html";

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        app.MapGet("/assets/{file}", (HttpContext context, string file) => Serve(context, file));
        app.MapGet(DashboardAccessGrain.SignInPath, SignInAsync);
        return app;
    }

    private static IResult Serve(HttpContext context, string file)
    {
        if (DashboardAssets.Find(file) is not { } asset)
        {
            return TypedResults.NotFound();
        }

        SecureHeaders(context.Response);
        context.Response.Headers.ETag = asset.ETag;
        // Revalidate every time: a new silo build must never run an old page against its API.
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch == asset.ETag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, IGrainFactory grains, DashboardSessions sessions, ILoggerFactory loggers)
    {
        var response = context.Response;
        SecureHeaders(response);
        response.Headers.CacheControl = "no-store";
        var code = context.Request.Query["code"].ToString();
        if (!await grains.GetGrain<IDashboardAccessGrain>(IDashboardAccessGrain.Key).RedeemAsync(code))
        {
            LogRefused(loggers.CreateLogger(typeof(DashboardEndpoints)));
            var page = DashboardAssets.Find(SignInFailedPage)!;
            return TypedResults.Content(System.Text.Encoding.UTF8.GetString(page.Content), page.ContentType, statusCode: StatusCodes.Status403Forbidden);
        }

        response.Cookies.Append(DashboardSessions.CookieName(context.Request), sessions.Create(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Path = "/",
            IsEssential = true,
        });
        // Away from the code's URL, so a reload does not try the spent code again.
        return TypedResults.Redirect("/", permanent: false, preserveMethod: false);
    }

    private static void SecureHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        // The sign-in URL holds a code: no page it leads to may pass it on.
        response.Headers["Referrer-Policy"] = "no-referrer";
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a web page sign-in: its code was already used, has expired or was never issued")]
    private static partial void LogRefused(ILogger logger);
}
