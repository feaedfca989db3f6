using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Tests.Processes;

public sealed class ReadyLineTests
{
    [Theory]
    [InlineData("main: server is listening on http://127.0.0.1:41234", 41234)]
    [InlineData("main: server is listening on http://[::1]:8080 - starting the main loop", 8080)]
    [InlineData("main: HTTP server is listening, hostname: 127.0.0.1, port: 8081, http threads: 5", 8081)]
    public void TryParse_ReadyLines_GiveThePort(string line, int port)
    {
        Assert.True(ReadyLine.TryParse(line, out var parsed));
        Assert.Equal(port, parsed);
    }

    [Theory]
    [InlineData("main: model loaded")]
    [InlineData("main: binding port with default address family")]
    [InlineData("main: server is listening on http://127.0.0.1:0")]
    [InlineData("srv  log_server_r: request: GET /health 127.0.0.1 200 listening")]
    public void TryParse_OtherLines_AreNotReady(string line) => Assert.False(ReadyLine.TryParse(line, out _));
}
