using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orchestrator.Silo.Api;

namespace Orchestrator.Silo.Security;

/// <summary>
/// Guards a local service that starts processes against the web pages its user visits: a <c>Host</c> that is not a
/// loopback name (DNS rebinding) or a foreign <c>Origin</c> (CSRF) gets 403, and every <c>/v1</c> call needs the bearer
/// token from silo.json (401 without).
/// </summary>
internal sealed class SiloSecurityMiddleware(RequestDelegate next, SiloToken token, IOptions<SiloOptions> options)
{
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

        if (request.Path.StartsWithSegments("/v1") && !HasToken(request))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return Problems.Unauthorized().ExecuteAsync(context);
        }

        return next(context);
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
