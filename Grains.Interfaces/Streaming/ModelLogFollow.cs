using Orchestrator.Grains.Interfaces.Logs;

namespace Orchestrator.Grains.Interfaces.Streaming;

/// <summary>
/// A followed log (made by <see cref="ModelLogs.FollowAsync"/>): the recent lines, then each newer line from the stream,
/// which may repeat lines the tail already had. Enumerate once; ending the enumeration or disposing unsubscribes.
/// </summary>
public sealed class ModelLogFollow : IAsyncEnumerable<LogLine>, IAsyncDisposable
{
    private readonly IReadOnlyList<LogLine> _recent;
    private readonly StreamInbox<LogLine> _inbox;

    internal ModelLogFollow(IReadOnlyList<LogLine> recent, StreamInbox<LogLine> inbox)
    {
        _recent = recent;
        _inbox = inbox;
    }

    /// <inheritdoc />
    public async IAsyncEnumerator<LogLine> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        try
        {
            var last = long.MinValue;
            foreach (var line in _recent)
            {
                last = line.Sequence;
                yield return line;
            }

            await foreach (var line in _inbox.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (line.Sequence > last)
                {
                    last = line.Sequence;
                    yield return line;
                }
            }
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Unsubscribes.</summary>
    public ValueTask DisposeAsync() => _inbox.DisposeAsync();
}
