using Microsoft.AspNetCore.Connections;
using Orchestrator.Grains.Interfaces.Discovery;

namespace Orchestrator.Client.Connection;

/// <summary>
/// Orleans connection middleware of the client: presents the silo's token (<see cref="GatewayHandshake"/>) before Orleans'
/// preamble, and remembers a refusal so that the failed connect can say why.
/// </summary>
internal sealed class ClientHandshake(string token)
{
    private readonly byte[] _message = GatewayHandshake.Encode(token);
    private volatile bool _refused;

    /// <summary>The gateway answered that the token is wrong.</summary>
    public bool Refused => _refused;

    public ConnectionDelegate Wrap(ConnectionDelegate next) => async context =>
    {
        // Not linked to ConnectionClosed: a refusal arrives just before the close, and must still be read.
        using var deadline = new CancellationTokenSource(GatewayHandshake.Timeout);
        var answer = await GatewayHandshake.PresentAsync(context.Transport, _message, deadline.Token).ConfigureAwait(false);
        if (answer != GatewayHandshake.Accepted)
        {
            _refused = answer == GatewayHandshake.Refused;
            throw new ConnectionAbortedException(_refused ? "The gateway refused the token." : "The gateway closed the connection during the handshake.");
        }

        await next(context).ConfigureAwait(false);
    };
}
