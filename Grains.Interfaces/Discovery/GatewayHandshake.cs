using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>
/// The first bytes of every connection to a silo's Orleans ports, before Orleans' own preamble: the client presents the
/// silo's token and the silo answers one byte. A connection without the right token is closed before Orleans reads a
/// byte of it, so a stranger learns nothing (not even the cluster id) and reaches no grain.
/// </summary>
/// <remarks>Layout: <see cref="Magic"/> (8 ASCII bytes), the token's UTF-8 length (1 byte), the token's UTF-8 bytes.</remarks>
public static class GatewayHandshake
{
    /// <summary>The silo's answer when the token matches; Orleans' protocol follows.</summary>
    public const byte Accepted = (byte)'+';

    /// <summary>The silo's answer before it closes a connection whose token does not match.</summary>
    public const byte Refused = (byte)'-';

    /// <summary>The longest token the layout carries.</summary>
    public const int MaxTokenBytes = byte.MaxValue;

    /// <summary>The magic and the length byte.</summary>
    public const int HeaderLength = 9;

    /// <summary>How long a silo waits for the handshake of a new connection before it closes it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>Protocol name and version, so a silo refuses at once what is not an orchestrator client.</summary>
    public static ReadOnlySpan<byte> Magic => "orch-gw1"u8;

    /// <summary>The handshake a client sends for <paramref name="token"/>.</summary>
    public static byte[] Encode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var tokenBytes = Encoding.UTF8.GetBytes(token);
        if (tokenBytes.Length is 0 or > MaxTokenBytes)
        {
            throw new ArgumentException($"A gateway token is 1-{MaxTokenBytes} bytes of UTF-8.", nameof(token));
        }

        var message = new byte[HeaderLength + tokenBytes.Length];
        Magic.CopyTo(message);
        message[Magic.Length] = (byte)tokenBytes.Length;
        tokenBytes.CopyTo(message.AsSpan(HeaderLength));
        return message;
    }

    /// <summary>
    /// The token length announced by a handshake header, or -1 when <paramref name="header"/> (at least
    /// <see cref="HeaderLength"/> bytes) is not an orchestrator handshake.
    /// </summary>
    public static int TokenLength(ReadOnlySpan<byte> header) =>
        header[..Magic.Length].SequenceEqual(Magic) && header[Magic.Length] > 0 ? header[Magic.Length] : -1;

    /// <summary>Whether <paramref name="presented"/> is <paramref name="expected"/>, in time that does not depend on where they differ.</summary>
    public static bool Matches(ReadOnlySpan<byte> presented, ReadOnlySpan<byte> expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), SHA256.HashData(expected));

    /// <summary>
    /// Sends <paramref name="handshake"/> (from <see cref="Encode"/>) and reads the silo's answer (<see cref="Accepted"/> or
    /// <see cref="Refused"/>; null when the other end closed without one). Called first on a new connection, before
    /// Orleans' protocol.
    /// </summary>
    public static async Task<byte?> PresentAsync(IDuplexPipe transport, ReadOnlyMemory<byte> handshake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        await transport.Output.WriteAsync(handshake, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var read = await transport.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (!read.Buffer.IsEmpty)
            {
                var answer = read.Buffer.FirstSpan[0];
                transport.Input.AdvanceTo(read.Buffer.GetPosition(1));
                return answer;
            }

            transport.Input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (read.IsCompleted)
            {
                return null;
            }
        }
    }
}
