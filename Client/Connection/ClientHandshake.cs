using Microsoft.AspNetCore.Connections;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Client.Connection;

/// <summary>
/// Orleans connection middleware of the client: presents the silo's token (<see cref="GatewayHandshake"/>) before Orleans'
/// preamble, and remembers a refusal so that the failed connect can say why.
/// </summary>
internal sealed class ClientHandshake(string token)
{
    private readonly byte[] _key = GatewayHandshake.Key(token);
    private volatile int _outcome = -1;

    /// <summary>How the last handshake ended; null before one ended.</summary>
    public GatewayHandshake.Outcome? Outcome => _outcome < 0 ? null : (GatewayHandshake.Outcome)_outcome;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        // Not linked to ConnectionClosed: a refusal arrives just before the close, and must still be read.
        using var deadline = new CancellationTokenSource(GatewayHandshake.Timeout);
        var outcome = await GatewayHandshake.ConnectAsync(context.Transport, _key, deadline.Token).ConfigureAwait(false);
        _outcome = (int)outcome;
        if (outcome != GatewayHandshake.Outcome.Accepted)
        {
            throw new ConnectionAbortedException($"Gateway handshake: {outcome}.");
        }

        await next(context).ConfigureAwait(false);
    };
}
