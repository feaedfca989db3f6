using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>
/// The first bytes of every connection to a silo's Orleans ports, before Orleans' own preamble: a mutual proof that both
/// ends hold the silo's token, which itself never crosses the wire. A connection that cannot prove it is closed before
/// Orleans reads a byte of it, so a stranger learns nothing (not even the cluster id) and reaches no grain; and a client
/// that reached a process which is not its silo (a port taken over) finds out before it sends anything else.
/// </summary>
/// <remarks>
/// 1. silo: <see cref="Magic"/>, its nonce S (32 random bytes).
/// 2. client: <see cref="Magic"/>, its nonce C, HMAC-SHA256(token, "client" S C).
/// 3. silo: <see cref="Accepted"/> and HMAC-SHA256(token, "silo" S C), or <see cref="Refused"/> and it closes.
/// </remarks>
public static class GatewayHandshake
{
    /// <summary>The silo's answer when the client's proof holds; the silo's own proof and then Orleans' protocol follow.</summary>
    public const byte Accepted = (byte)'+';

    /// <summary>The silo's answer before it closes a connection whose proof does not hold.</summary>
    public const byte Refused = (byte)'-';

    /// <summary>How long either end waits for the other's part of the handshake.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private const int NonceLength = 32;
    private const int ProofLength = 32;
    private const int ChallengeLength = 8 + NonceLength;
    private const int ResponseLength = 8 + NonceLength + ProofLength;

    /// <summary>How a client's side of the handshake ended.</summary>
    public enum Outcome
    {
        /// <summary>Both proofs held: Orleans' protocol follows.</summary>
        Accepted,

        /// <summary>The silo refused the client's proof: a wrong or stale token.</summary>
        Refused,

        /// <summary>The other end is not an orchestrator silo (no challenge, or it closed).</summary>
        NotASilo,

        /// <summary>The other end accepted but could not prove it holds the token: not the silo of silo.json.</summary>
        SiloUnproven,
    }

    /// <summary>Protocol name and version, so either end refuses at once what is not the other.</summary>
    public static ReadOnlySpan<byte> Magic => "orch-gw2"u8;

    /// <summary>The key both ends derive their proofs from.</summary>
    public static byte[] Key(string token) => Encoding.UTF8.GetBytes(token ?? throw new ArgumentNullException(nameof(token)));

    /// <summary>
    /// The silo's side, on a new inbound connection: null when the client proved it holds the token (the silo's proof is
    /// sent), else why not (the caller sends <see cref="Refused"/> and closes the connection).
    /// </summary>
    public static async Task<string?> AcceptAsync(IDuplexPipe transport, byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var siloNonce = RandomNumberGenerator.GetBytes(NonceLength);
        await transport.Output.WriteAsync(Concat(Magic.ToArray(), siloNonce), cancellationToken).ConfigureAwait(false);
        var response = await ReadAsync(transport.Input, ResponseLength, Magic.ToArray(), cancellationToken).ConfigureAwait(false);
        var refusal = response switch
        {
            null => "not an orchestrator client (no handshake)",
            _ when !CryptographicOperations.FixedTimeEquals(response.AsSpan(8 + NonceLength), Proof(key, "client", siloNonce, response.AsSpan(8, NonceLength))) =>
                "wrong or stale credential",
            _ => null,
        };
        if (refusal is null)
        {
            await transport.Output.WriteAsync(Concat([Accepted], Proof(key, "silo", siloNonce, response!.AsSpan(8, NonceLength))), cancellationToken).ConfigureAwait(false);
        }

        return refusal;
    }

    /// <summary>The client's side (and a silo's on its outbound connections), first on a new connection.</summary>
    public static async Task<Outcome> ConnectAsync(IDuplexPipe transport, byte[] key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var challenge = await ReadAsync(transport.Input, ChallengeLength, Magic.ToArray(), cancellationToken).ConfigureAwait(false);
        if (challenge is null)
        {
            return Outcome.NotASilo;
        }

        var siloNonce = challenge.AsSpan(8).ToArray();
        var clientNonce = RandomNumberGenerator.GetBytes(NonceLength);
        await transport.Output.WriteAsync(Concat(Magic.ToArray(), clientNonce, Proof(key, "client", siloNonce, clientNonce)), cancellationToken).ConfigureAwait(false);
        var answer = await ReadAsync(transport.Input, 1, default, cancellationToken).ConfigureAwait(false);
        if (answer is not [Accepted])
        {
            return answer is [Refused] ? Outcome.Refused : Outcome.NotASilo;
        }

        var siloProof = await ReadAsync(transport.Input, ProofLength, default, cancellationToken).ConfigureAwait(false);
        return siloProof is not null && CryptographicOperations.FixedTimeEquals(siloProof, Proof(key, "silo", siloNonce, clientNonce))
            ? Outcome.Accepted
            : Outcome.SiloUnproven;
    }

    private static byte[] Proof(byte[] key, string role, ReadOnlySpan<byte> siloNonce, ReadOnlySpan<byte> clientNonce) =>
        HMACSHA256.HashData(key, Concat(Encoding.ASCII.GetBytes(role), siloNonce.ToArray(), clientNonce.ToArray()));

    private static byte[] Concat(params byte[][] parts)
    {
        var whole = new byte[parts.Sum(p => p.Length)];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(whole, at);
            at += part.Length;
        }

        return whole;
    }

    /// <summary>
    /// Exactly <paramref name="count"/> bytes, consuming nothing beyond them (Orleans reads what follows); null when the
    /// other end closed first, or when they do not start with <paramref name="magic"/>.
    /// </summary>
    private static async Task<byte[]?> ReadAsync(PipeReader input, int count, ReadOnlyMemory<byte> magic, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = read.Buffer;
            var seen = Math.Min(buffer.Length, magic.Length);
            if (!buffer.Slice(0, seen).ToArray().AsSpan().SequenceEqual(magic.Span[..(int)seen]))
            {
                input.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                input.AdvanceTo(buffer.GetPosition(count));
                return bytes;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }
}
