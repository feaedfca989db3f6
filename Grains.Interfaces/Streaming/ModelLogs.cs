using Orchestrator.Grains.Interfaces.Logs;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>A model server's output followed from an Orleans client: the recent lines, then every new one.</summary>
public static class ModelLogs
{
    /// <summary>
    /// Subscribes to the model's log stream, then reads its last <paramref name="tail"/> lines: nothing is missed, and the
    /// lines' sequence numbers keep anything from coming twice. Throws <see cref="Errors.ModelNotFoundException"/> at once
    /// for an unknown id. A reader more than <paramref name="backlog"/> lines behind loses the oldest.
    /// </summary>
    public static async Task<ModelLogFollow> FollowAsync(IClusterClient client, string modelId, int tail, int backlog, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var grain = client.GetGrain<IModelGrain>(modelId);
        var stream = OrchestratorStreams.Logs(modelId);
        // The grain's own silo publishes its lines, and knows where the stream stands there.
        var from = await grain.GetStreamPositionAsync(stream).ConfigureAwait(false);
        var inbox = await StreamInbox.SubscribeAsync<LogLine>(client, stream, from, backlog).ConfigureAwait(false);
        try
        {
            var recent = await grain.GetLogsAsync(tail, cancellationToken).ConfigureAwait(false);
            return new ModelLogFollow(recent, inbox);
        }
        catch
        {
            await inbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
