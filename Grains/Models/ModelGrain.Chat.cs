using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Telemetry;
using Orchestrator.Grains.Interfaces;
using Orchestrator.Grains.Interfaces.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Interfaces.Streaming;
using Orleans.Streams;

namespace Orchestrator.Grains.Models;

/// <summary>
/// Chats: the grain decides whether one may run and owns its cancellation; the bytes flow in a task of their own,
/// so no turn ever waits on a stream.
/// </summary>
public sealed partial class ModelGrain
{
    private readonly Dictionary<Guid, ChatStream> _streams = [];

    /// <inheritdoc />
    public Task<StreamSequenceToken> GetStreamPositionAsync(StreamId streamId) =>
        Known().GrainFactory.GetGrain<IStreamPositionGrain>(OrchestratorStreams.Provider).GetNextAsync(streamId);

    /// <inheritdoc />
    public Task<bool> HasChatAsync(Guid chatId) => Task.FromResult(Known()._streams.ContainsKey(chatId));

    /// <inheritdoc />
    public async Task OpenChatAsync(Guid chatId, ChatRequest request, CancellationToken cancellationToken = default)
    {
        Listed();
        if (_state.Status == ModelStatus.Running || !_model.Policy.Autostart)
        {
            Open(chatId, request);
            return;
        }

        // autostart: start first. The chat counts as in flight meanwhile, so no policy stops the model it waits for.
        _chatsOpening++;
        try
        {
            await StartAsync(cancellationToken);
            Open(chatId, request);
        }
        finally
        {
            _chatsOpening--;
            UpdateUse();
        }
    }

    private void Open(Guid chatId, ChatRequest request)
    {
        if (_state.Status != ModelStatus.Running || _state.Port is not { } port)
        {
            throw new ModelNotRunningException(_model.Id.Value, _state.Status, _state.Reason);
        }

        if (_streams.ContainsKey(chatId))
        {
            throw new ArgumentException($"Chat {chatId} is already open on \"{_model.Id}\"; every chat needs a new id.", nameof(chatId));
        }

        var activity = OrchestratorTracing.StartDetached("chat", _model.Id.Value);
        activity?.SetTag("orchestrator.chat.id", chatId);
        var stream = new ChatStream(chatId, _time, _streamProvider.GetStream<ChatEvent>(OrchestratorStreams.Chat(chatId)), activity);
        _streams.Add(chatId, stream);
        var endpoint = new Uri($"http://{_options.ServerHost}:{port}/v1/chat/completions");
        // The bytes flow in a task of their own, off the grain's scheduler; its end comes back as a message. Once the
        // grain has gone nobody would dispose the stream, so the task does.
        _ = UpstreamChat.RunAsync(stream, _model.Id.Value, endpoint, request, () =>
        {
            if (!Post(new ChatEnded(stream.Id)))
            {
                stream.Dispose();
            }
        });
        UpdateWatchdog();
        UpdateUse();
    }

    /// <inheritdoc />
    public Task CancelChatAsync(Guid chatId)
    {
        if (IsKnown && _streams.TryGetValue(chatId, out var stream))
        {
            stream.ConsumerGone();
        }

        return Task.CompletedTask;
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

    private void OnChatEnded(ChatEnded message)
    {
        if (_streams.Remove(message.ChatId, out var stream))
        {
            Measure(stream);
            stream.Dispose();
        }

        UpdateWatchdog();
        UpdateUse();
    }
}
