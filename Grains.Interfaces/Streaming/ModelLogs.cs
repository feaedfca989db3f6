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
        var inbox = await StreamInbox.SubscribeAsync<LogLine>(client, OrchestratorStreams.Logs(modelId), backlog).ConfigureAwait(false);
        try
        {
            var recent = await client.GetGrain<IModelGrain>(modelId).GetLogsAsync(tail, cancellationToken).ConfigureAwait(false);
            return new ModelLogFollow(recent, inbox);
        }
        catch
        {
            await inbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
