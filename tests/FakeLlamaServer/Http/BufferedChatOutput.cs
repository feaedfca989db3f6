using System.Text;
using FakeLlamaServer.Generation;

namespace FakeLlamaServer.Http;

/// <summary>A non-streaming completion: tokens are collected and answered as one chat.completion object.</summary>
internal sealed class BufferedChatOutput(HttpResponse response, ChatJson json) : IChatOutput
{
    private readonly StringBuilder _content = new();

    public Task WriteTokenAsync(string token, CancellationToken cancellationToken)
    {
        _content.Append(token);
        return Task.CompletedTask;
    }

    public Task CompleteAsync(CompletionResult result, CancellationToken cancellationToken) =>
        result.Error is not null
            ? JsonAnswers.WriteAsync(response, 500, JsonText.Error(500, result.Error, "server_error"), cancellationToken)
            : JsonAnswers.WriteAsync(response, 200, json.Completion(result, _content.ToString()), cancellationToken);
}
