using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Orchestrator.Silo.Security;

namespace Orchestrator.Silo.Dashboard;

/// <summary>
/// The web page's session cookies: stateless, signed with a key derived from this run's token, so a silo restart (a new
/// token) ends every session, and nothing about a session is stored. A value is
/// <c>base64url(expiry ‖ random) . base64url(HMAC-SHA256(key, expiry ‖ random))</c>.
/// </summary>
internal sealed class DashboardSessions(SiloToken token, TimeProvider time)
{
    /// <summary>How long a session lasts at most (the cookie itself ends with the browser).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private const int PayloadLength = 8 + 16;
    private readonly byte[] _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(token.Value), "orch-dashboard-session"u8);

    /// <summary>
    /// The cookie's name carries the port: browsers share cookies across ports of one host, and two silos on one
    /// machine must not overwrite each other's sessions.
    /// </summary>
    public static string CookieName(HttpRequest request) => $"orch_session_{request.Host.Port ?? 80}";

    public string Create()
    {
        var payload = new byte[PayloadLength];
        BinaryPrimitives.WriteInt64BigEndian(payload, (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds());
        RandomNumberGenerator.Fill(payload.AsSpan(8));
        return $"{Base64Url.EncodeToString(payload)}.{Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload))}";
    }

    public bool IsValid(string? value)
    {
        if (value is null || value.Split('.') is not [var payloadText, var macText]
            || !TryDecode(payloadText, out var payload) || payload.Length != PayloadLength
            || !TryDecode(macText, out var mac))
        {
            return false;
        }

        // Constant time: the comparison must not tell an attacker how much of a signature they guessed.
        return CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload))
            && BinaryPrimitives.ReadInt64BigEndian(payload) > time.GetUtcNow().ToUnixTimeSeconds();
    }

    private static bool TryDecode(string text, out byte[] bytes)
    {
        // A cookie is whatever a client sends: nothing longer than a signature is decoded, and TryDecode throws on bad characters.
        bytes = [];
        var buffer = new byte[48];
        if (text.Length is 0 or > 64 || !Base64Url.IsValid(text) || !Base64Url.TryDecodeFromChars(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
