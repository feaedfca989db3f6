using FakeLlamaServer.Generation;

namespace FakeLlamaServer.Http;

/// <summary>Where a completion's tokens go: a Server-Sent Events stream, or one JSON answer at the end.</summary>
internal interface IChatOutput
{
    Task WriteTokenAsync(string token, CancellationToken cancellationToken);

    Task CompleteAsync(CompletionResult result, CancellationToken cancellationToken);
}
