using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Models;

/// <summary>
/// Chats: the grain decides whether one may run and owns its cancellation; the bytes flow in a task of their own,
/// so no turn ever waits on a stream.
/// </summary>
public sealed partial class ModelGrain
{
    private readonly Dictionary<long, ChatStream> _streams = [];
    private long _lastStreamId;

    /// <inheritdoc />
    public Task<IAsyncEnumerable<ChatEvent>> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default) =>
        Ask<IAsyncEnumerable<ChatEvent>>(reply => new OpenChat(request, reply, cancellationToken), priority: false, cancellationToken);

    private void OnOpenChat(OpenChat message)
    {
        if (_state.Status != ModelStatus.Running || _state.Port is not { } port)
        {
            message.Reply.TrySetException(new ModelNotRunningException(_model.Id.Value, _state.Status, _state.Reason));
            return;
        }

        var stream = new ChatStream(++_lastStreamId, _time, message.Caller);
        _streams.Add(stream.Id, stream);
        var endpoint = new Uri($"http://{_options.ServerHost}:{port}/v1/chat/completions");
        _ = RunStreamAsync(stream, endpoint, message.Request);
        UpdateWatchdog();
        message.Reply.TrySetResult(stream.ReadAllAsync());
    }

    private async Task RunStreamAsync(ChatStream stream, Uri endpoint, ChatRequest request)
    {
        try
        {
            await UpstreamChat.RunAsync(stream, _model.Id.Value, endpoint, request).ConfigureAwait(false);
        }
        finally
        {
            // The grain disposes the stream when it forgets it, so it never ends a disposed stream.
            if (!Post(new ChatEnded(stream.Id)))
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>Ends every open stream with <paramref name="type"/>/<paramref name="detail"/>; returns how many were open.</summary>
    private int EndStreams(string type, string detail)
    {
        var count = _streams.Count;
        foreach (var stream in _streams.Values)
        {
            stream.End(new ChatError(type, detail));
        }

        // Not disposed here: each stream's task still reports its end (ChatEnded), which disposes it.
        return count;
    }

    private sealed record OpenChat(ChatRequest Request, TaskCompletionSource<IAsyncEnumerable<ChatEvent>> Reply, CancellationToken Caller)
        : Request<IAsyncEnumerable<ChatEvent>>(Reply);

    private void OnChatEnded(ChatEnded message)
    {
        if (_streams.Remove(message.StreamId, out var stream))
        {
            stream.Dispose();
        }

        UpdateWatchdog();
    }

    private sealed record ChatEnded(long StreamId) : Message;
}
