using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Silo.Security;

/// <summary>
/// Orleans connection middleware on the silo's inbound connections (gateway and silo port): reads the
/// <see cref="GatewayHandshake"/> before Orleans sees a byte, and closes the connection unless it carries this run's token.
/// Orleans' own preamble (which names the cluster id) is written only after the token matched.
/// </summary>
internal sealed partial class GatewayGate(SiloToken token, ILogger<GatewayGate> logger)
{
    private readonly byte[] _expected = Encoding.UTF8.GetBytes(token.Value);
    private readonly byte[] _handshake = GatewayHandshake.Encode(token.Value);

    /// <summary>The middleware, for <c>IConnectionBuilder.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        var refusal = await CheckAsync(context.Transport);
        if (refusal is not null)
        {
            // The remote end, never what it presented: a wrong token may be a near miss of the right one.
            LogRefused(context.RemoteEndPoint?.ToString() ?? "?", refusal);
            // Answer, then let the client close first: closing at once could reset the socket before the answer leaves.
            await AnswerAsync(context.Transport.Output, GatewayHandshake.Refused);
            await context.Transport.Output.CompleteAsync();
            await DrainAsync(context.Transport.Input);
            return;
        }

        await AnswerAsync(context.Transport.Output, GatewayHandshake.Accepted);
        await next(context);
    };

    /// <summary>
    /// The middleware of the silo's outbound silo connections: presents the token, as clients do. (A single silo opens
    /// none; silos of one machine that share a state directory's token would.)
    /// </summary>
    public ConnectionDelegate Present(ConnectionDelegate next) => async context =>
    {
        // Not linked to ConnectionClosed: a refusal arrives just before the close, and must still be read.
        using var deadline = new CancellationTokenSource(GatewayHandshake.Timeout);
        if (await GatewayHandshake.PresentAsync(context.Transport, _handshake, deadline.Token) != GatewayHandshake.Accepted)
        {
            throw new ConnectionAbortedException($"The silo at {context.RemoteEndPoint} refused this silo's credential.");
        }

        await next(context);
    };

    /// <summary>Null when the handshake carries the token, else why not.</summary>
    private async Task<string?> CheckAsync(IDuplexPipe transport)
    {
        using var deadline = new CancellationTokenSource(GatewayHandshake.Timeout);
        var input = transport.Input;
        try
        {
            var needed = GatewayHandshake.HeaderLength;
            var tokenLength = -1;
            while (true)
            {
                var read = await input.ReadAsync(deadline.Token);
                var buffer = read.Buffer;
                if (tokenLength < 0 && buffer.Length >= GatewayHandshake.HeaderLength)
                {
                    tokenLength = GatewayHandshake.TokenLength(buffer.Slice(0, GatewayHandshake.HeaderLength).ToArray());
                    if (tokenLength < 0)
                    {
                        input.AdvanceTo(buffer.Start, buffer.End);
                        return "not an orchestrator client (no handshake)";
                    }

                    needed = GatewayHandshake.HeaderLength + tokenLength;
                }

                if (buffer.Length >= needed && tokenLength >= 0)
                {
                    var presented = buffer.Slice(GatewayHandshake.HeaderLength, tokenLength).ToArray();
                    // Consume exactly the handshake: what follows is Orleans' preamble.
                    input.AdvanceTo(buffer.GetPosition(needed));
                    return GatewayHandshake.Matches(presented, _expected) ? null : "wrong or stale credential";
                }

                if (read.IsCompleted)
                {
                    input.AdvanceTo(buffer.Start, buffer.End);
                    return "closed before the handshake";
                }

                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return $"no handshake within {GatewayHandshake.Timeout.TotalSeconds:0} s";
        }
    }

    /// <summary>Reads until the other end closes, for at most a second.</summary>
    private static async Task DrainAsync(PipeReader input)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            while (true)
            {
                var read = await input.ReadAsync(patience.Token);
                input.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ConnectionResetException)
        {
            // Gone or silent: either way the connection closes now.
        }
    }

    private static async Task AnswerAsync(PipeWriter output, byte answer)
    {
        try
        {
            output.GetSpan(1)[0] = answer;
            output.Advance(1);
            await output.FlushAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ConnectionResetException)
        {
            // The other end is gone; there is nobody left to answer.
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Refused an Orleans connection from {Remote}: {Reason}")]
    private partial void LogRefused(string remote, string reason);
}
