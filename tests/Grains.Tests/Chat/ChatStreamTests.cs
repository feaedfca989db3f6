using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Interfaces.Chat;

namespace Orchestrator.Grains.Tests.Chat;

public sealed class ChatStreamTests
{
    [Fact]
    public void End_AfterTheStreamFinishedAndWasDisposed_DoesNotThrow()
    {
        // Ending must never throw into the grain's turn, even for a stream that is already finished and disposed.
        var stream = new ChatStream(Guid.NewGuid(), TimeProvider.System, null!);
        stream.Dispose();

        stream.End(new ChatError("model-stopped", "stopped"));

        Assert.Equal("model-stopped", stream.EndedBy?.Type);
    }
}
