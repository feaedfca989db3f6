using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Grains.Tests.Chat;

public sealed class ChatStreamTests
{
    [Fact]
    public void End_AfterTheStreamFinishedAndWasDisposed_DoesNotThrow()
    {
        // A stop can reach the grain after a stream's task disposed it but before its ChatEnded message was handled.
        var stream = new ChatStream(1, CancellationToken.None);
        stream.Dispose();

        stream.End(new ChatError("model-stopped", "stopped"));

        Assert.Equal("model-stopped", stream.EndedBy?.Type);
    }
}
