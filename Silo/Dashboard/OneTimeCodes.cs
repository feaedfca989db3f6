using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Silo.Dashboard;

/// <summary>
/// Random codes that are good once, for <see cref="Lifetime"/>. Not thread-safe: its one owner is the access grain,
/// whose turns Orleans runs one at a time.
/// </summary>
internal sealed class OneTimeCodes(TimeProvider time)
{
    /// <summary>How long an issued code may be redeemed.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>Codes outstanding at once; the oldest is dropped beyond this (nobody needs more, a loop must not grow memory).</summary>
    public const int MaxPending = 32;

    // Keyed by the code's hash, so a lookup's timing says nothing about the codes themselves.
    private readonly Dictionary<string, DateTimeOffset> _pending = new(StringComparer.Ordinal);

    public int Pending => _pending.Count;

    public (string Code, DateTimeOffset ExpiresAt) Issue()
    {
        var now = time.GetUtcNow();
        DropExpired(now);
        if (_pending.Count >= MaxPending)
        {
            _pending.Remove(_pending.MinBy(p => p.Value).Key);
        }

        var code = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(24));
        var expiresAt = now + Lifetime;
        _pending[Hash(code)] = expiresAt;
        return (code, expiresAt);
    }

    public bool Redeem(string code)
    {
        var now = time.GetUtcNow();
        DropExpired(now);
        return !string.IsNullOrEmpty(code) && code.Length <= 64 && _pending.Remove(Hash(code));
    }

    private void DropExpired(DateTimeOffset now)
    {
        foreach (var (hash, expiresAt) in _pending.Where(p => p.Value <= now).ToList())
        {
            _pending.Remove(hash);
        }
    }

    private static string Hash(string code) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(code)));
}
