using System.IO.Pipelines;
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
    private readonly byte[] _key = GatewayHandshake.Key(token.Value);

    /// <summary>The middleware, for <c>IConnectionBuilder.Use</c>.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        string? refusal;
        using (var deadline = new CancellationTokenSource(GatewayHandshake.Timeout))
        {
            try
            {
                refusal = await GatewayHandshake.AcceptAsync(context.Transport, _key, deadline.Token);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                refusal = $"no handshake within {GatewayHandshake.Timeout.TotalSeconds:0} s";
            }
        }

        if (refusal is not null)
        {
            // The remote end, never what it presented; logged before the answer, so the log has it when the client knows.
            LogRefused(context.RemoteEndPoint?.ToString() ?? "?", refusal);
            await AnswerAsync(context.Transport.Output, GatewayHandshake.Refused);
            // Let the client close first: closing at once could reset the socket before the refusal leaves.
            await context.Transport.Output.CompleteAsync();
            await DrainAsync(context.Transport.Input);
            return;
        }

        await next(context);
    };

    /// <summary>
    /// The middleware of the silo's outbound silo connections: proves the token, as clients do. (A single silo opens
    /// none; silos of one machine that share a state directory's token would.)
    /// </summary>
    public ConnectionDelegate Present(ConnectionDelegate next) => async context =>
    {
        // Not linked to ConnectionClosed: a refusal arrives just before the close, and must still be read.
        using var deadline = new CancellationTokenSource(GatewayHandshake.Timeout);
        var outcome = await GatewayHandshake.ConnectAsync(context.Transport, _key, deadline.Token);
        if (outcome != GatewayHandshake.Outcome.Accepted)
        {
            throw new ConnectionAbortedException($"The silo at {context.RemoteEndPoint} did not complete the handshake: {outcome}.");
        }

        await next(context);
    };

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
