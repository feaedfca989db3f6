using Orchestrator.Bench.Infrastructure;

namespace Orchestrator.Bench.Scenarios;

/// <summary>Long chats held open through the silo: each reads until its stream ends (with done or error) or is cancelled.</summary>
public sealed class ChatLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task<string>> _readers = [];
    private readonly List<TaskCompletionSource> _firstTokens = [];

    private ChatLoad()
    {
    }

    /// <summary>Opens <paramref name="count"/> chats on <paramref name="modelId"/> and waits until each has had its first token.</summary>
    public static async Task<ChatLoad> OpenAsync(InProcessSilo silo, string modelId, int count, TimeSpan timeout)
    {
        var load = new ChatLoad();
        var path = $"/v1/models/{Uri.EscapeDataString(modelId)}/chat";
        var body = ChatBodies.Silo(null);
        for (var i = 0; i < count; i++)
        {
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            load._firstTokens.Add(first);
            load._readers.Add(ReadAsync(silo.Http, path, body, first, load._stop.Token));
        }

        await Task.WhenAll(load._firstTokens.Select(t => t.Task)).WaitAsync(timeout);
        return load;
    }

    /// <summary>How each stream ended ("done", "error: ...", "cancelled"), once all have.</summary>
    public async Task<IReadOnlyList<string>> EndingsAsync(TimeSpan timeout) => await Task.WhenAll(_readers).WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_readers).WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private static async Task<string> ReadAsync(HttpClient http, string path, string body, TaskCompletionSource first, CancellationToken stop)
    {
        try
        {
            using var response = await LoopbackHttp.PostStreamingAsync(http, path, body, stop);
            await using var stream = await response.Content.ReadAsStreamAsync(stop);
            await foreach (var item in Sse.ReadAsync(stream, stop))
            {
                if (item.EventType == "delta")
                {
                    first.TrySetResult();
                }
                else if (item.EventType is "done" or "error")
                {
                    return item.EventType == "done" ? "done" : "error: " + item.Data;
                }
            }

            return "closed";
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return "cancelled";
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            first.TrySetException(e);
            return "failed: " + e.Message;
        }
    }
}
