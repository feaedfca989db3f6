using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orchestrator.Silo.Api;
using Orchestrator.Silo.Dashboard;
using Orchestrator.Silo.Telemetry;

namespace Orchestrator.Silo.Security;

/// <summary>
/// Guards a local service that starts processes against the web pages its user visits: a <c>Host</c> that is not a
/// loopback name (DNS rebinding) or a foreign <c>Origin</c> (CSRF) gets 403, and every <c>/v1</c> call (and the
/// <c>/metrics</c> scrape) needs the bearer
/// token from silo.json or the web page's session cookie (401 without). A call with the cookie must come from the page
/// itself: a browser says where a request comes from (<c>Sec-Fetch-Site</c>), and a change (POST) must name the page's
/// origin and carry a header that no other page can add without a preflight the silo never answers.
/// </summary>
internal sealed class SiloSecurityMiddleware(RequestDelegate next, SiloToken token, DashboardSessions sessions, IOptions<SiloOptions> options)
{
    public const string PageHeader = "X-Orchestrator-Page";

    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]", "::1"];
    private readonly byte[] _expected = Encoding.UTF8.GetBytes("Bearer " + token.Value);
    private readonly HashSet<string> _allowedHosts = new(LoopbackNames.Concat(options.Value.AllowedHosts), StringComparer.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_allowedHosts.Contains(request.Host.Host))
        {
            return Problems.Forbidden($"The Host header \"{request.Host}\" is not a loopback name; the silo answers only requests addressed to localhost, 127.0.0.1 or [::1] (or Orchestrator:AllowedHosts).").ExecuteAsync(context);
        }

        if (request.Headers.Origin is [{ } origin] && !IsOwnOrigin(origin, request))
        {
            return Problems.Forbidden($"Cross-origin request from \"{origin}\" refused: a web page cannot drive the silo.").ExecuteAsync(context);
        }

        if (!(request.Path.StartsWithSegments("/v1") || request.Path.StartsWithSegments(SiloTelemetry.MetricsPath)) || HasToken(request))
        {
            return next(context);
        }

        if (sessions.IsValid(request.Cookies[DashboardSessions.CookieName(request)]))
        {
            return NotFromThePage(request) is { } refusal ? Problems.Forbidden(refusal).ExecuteAsync(context) : next(context);
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Unauthorized().ExecuteAsync(context);
    }

    /// <summary>Why a request that carries the session cookie is not the page's own, or null when it is.</summary>
    private static string? NotFromThePage(HttpRequest request)
    {
        // "none" is the user's own navigation (typed, bookmarked); "same-site" would be another port of this host.
        if (request.Headers["Sec-Fetch-Site"] is [{ } site] && site is not ("same-origin" or "none"))
        {
            return $"A request from another site (Sec-Fetch-Site: {site}) cannot use the web page's session.";
        }

        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        {
            return null;
        }

        return request.Headers.Origin.Count == 0 || !request.Headers.ContainsKey(PageHeader)
            ? $"{request.Method} with the web page's session must come from the page (an Origin and the {PageHeader} header); scripts use the bearer token of silo.json."
            : null;
    }

    private bool IsOwnOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && uri.Scheme == request.Scheme
        && _allowedHosts.Contains(uri.IsLoopback && uri.HostNameType == UriHostNameType.IPv6 ? "[::1]" : uri.Host)
        && uri.Port == (request.Host.Port ?? (request.IsHttps ? 443 : 80));

    private bool HasToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        var given = Encoding.UTF8.GetBytes(header);
        // Constant time: the comparison must not tell an attacker how much of the token they guessed.
        return given.Length == _expected.Length && CryptographicOperations.FixedTimeEquals(given, _expected);
    }
}
