using System.Net;
using System.Net.Sockets;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.TestSupport;

namespace Orchestrator.Client.Tests;

/// <summary>Connecting: finding the silo, failing at once with what to do, and outliving a silo restart.</summary>
public sealed class ConnectionTests
{
    [Fact]
    public async Task NoSiloJson_ThrowsSiloUnavailableNamingThePathAndHowToStart()
    {
        using var folder = new TempDirectory();

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { StateDirectory = folder.Path }));

        Assert.Equal(Path.Combine(folder.Path, "silo.json"), error.InfoPath);
        Assert.Contains($"no silo is running (looked for {error.InfoPath})", error.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project Silo -- --models models.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiloJsonOfADeadProcess_ThrowsSiloUnavailableSayingItIsStale()
    {
        using var folder = new TempDirectory();
        // No pid reaches int.MaxValue (Linux's pid_max is at most 2^22): this silo is certainly gone.
        File.WriteAllText(folder.File("silo.json"), $$"""{"url":"http://127.0.0.1:1","token":"t","pid":{{int.MaxValue}},"gateway":"127.0.0.1:1"}""");

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { StateDirectory = folder.Path }));

        Assert.Contains("stale", error.Message, StringComparison.Ordinal);
        Assert.Contains($"pid {int.MaxValue}", error.Message, StringComparison.Ordinal);
        Assert.Contains(SiloUnavailableException.StartHint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingListeningAtTheGateway_ThrowsSiloUnavailableNamingIt()
    {
        var gateway = $"127.0.0.1:{Ports.Closed()}";

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { Gateway = gateway, Token = "t" }));

        Assert.Equal(gateway, error.Gateway);
        Assert.Contains($"no silo answers at {gateway}", error.Message, StringComparison.Ordinal);
        Assert.Contains(SiloUnavailableException.StartHint, error.Message, StringComparison.Ordinal);
        Assert.False(error.CredentialRefused);
    }

    [Fact]
    public async Task WrongToken_IsRefusedSayingSo_AndTheSiloLogsTheRefusalWithoutTheToken()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        const string wrong = "wrong-token-that-must-not-be-logged";

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { Gateway = silo.Info.Gateway, Token = wrong }));

        Assert.True(error.CredentialRefused, error.ToString());
        Assert.Contains("refused the token", error.Message, StringComparison.Ordinal);
        Assert.Contains(silo.Logs.Lines, line => line.Contains("Refused an Orleans connection", StringComparison.Ordinal) && line.Contains("wrong or stale credential", StringComparison.Ordinal));
        Assert.DoesNotContain(silo.Logs.Lines, line => line.Contains(wrong, StringComparison.Ordinal) || line.Contains(silo.Info.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ImpostorAtTheGateway_WhichCannotProveTheToken_IsNotTrusted_AndNeverSeesTheToken()
    {
        using var impostor = new TcpListener(IPAddress.Loopback, 0);
        impostor.Start();
        var gateway = $"127.0.0.1:{((IPEndPoint)impostor.LocalEndpoint).Port}";
        const string token = "the-real-silos-token";
        var heard = new List<byte>();
        var serving = Task.Run(async () =>
        {
            // Speaks the handshake (challenge, then "accepted" with a proof it cannot make right) and records what it heard.
            using var socket = await impostor.AcceptSocketAsync();
            await socket.SendAsync((byte[])[.. GatewayHandshake.Magic.ToArray(), .. new byte[32]]);
            var buffer = new byte[72];
            var read = 0;
            while (read < buffer.Length && await socket.ReceiveAsync(buffer.AsMemory(read)) is var n and > 0)
            {
                read += n;
            }

            heard.AddRange(buffer.AsSpan(0, read));
            await socket.SendAsync((byte[])[GatewayHandshake.Accepted, .. new byte[32]]);
            await socket.ReceiveAsync(new byte[1]);
        });

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { Gateway = gateway, Token = token }));
        await serving.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("could not prove it is the silo", error.Message, StringComparison.Ordinal);
        Assert.False(error.CredentialRefused);
        Assert.Equal(72, heard.Count);
        Assert.DoesNotContain(token, System.Text.Encoding.UTF8.GetString([.. heard]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExplicitGatewayOfTheSiloInSiloJson_UsesItsToken()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));

        await using var client = await OrchestratorClient.ConnectAsync(new OrchestratorClientOptions { Gateway = silo.Info.Gateway, StateDirectory = silo.StateDirectory });

        Assert.Equal("m", Assert.Single(await client.ListAsync()).Id);
    }

    [Fact]
    public async Task SiloRestart_UnderAConnectedClient_TheNextCallWorksAndEventsResume()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0 }));
        await using var client = await silo.ConnectClientAsync();
        await using var events = await client.OpenEventsAsync();
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // A desktop app reads its events all the time; so does this reader, across the restart.
        var seen = System.Threading.Channels.Channel.CreateUnbounded<ModelEventView>();
        var reading = Task.Run(async () =>
        {
            await foreach (var change in events.WithCancellation(patience.Token))
            {
                await seen.Writer.WriteAsync(change);
            }
        });
        var firstToken = silo.Info.Token;

        await silo.RestartAsync();
        var models = await client.ListAsync();

        Assert.NotEqual(firstToken, silo.Info.Token);
        Assert.Equal(ModelStatus.Stopped, Assert.Single(models).Status);
        Assert.Equal(silo.Info.Gateway, client.Gateway);
        // Resubscribed on the new run: first the state of every model then, ...
        var refreshed = await seen.Reader.ReadAsync(patience.Token);
        Assert.Equal(("m", ModelStatus.Stopped, ModelStatus.Stopped), (refreshed.Id, refreshed.Previous, refreshed.Status));
        // ... then the changes of the new run as they happen.
        await client.StartAsync("m");
        var changes = new List<ModelEventView>();
        while (!changes.Exists(e => e.Status == ModelStatus.Running))
        {
            changes.Add(await seen.Reader.ReadAsync(patience.Token));
        }

        Assert.Equal(ModelStatus.Starting, changes[0].Status);
        Assert.All(changes, e => Assert.Equal("m", e.Id));
        await patience.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
    }

    [Fact]
    public async Task SiloStopped_WithReconnectOff_CallsAndFollowsEndWithSiloUnavailable()
    {
        var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        await using var client = await silo.ConnectClientAsync(reconnect: false);
        await using var events = await client.OpenEventsAsync();

        await silo.DisposeAsync();

        await Assert.ThrowsAsync<SiloUnavailableException>(() => client.ListAsync());
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<SiloUnavailableException>(async () =>
        {
            await foreach (var _ in events.WithCancellation(patience.Token))
            {
            }
        });
    }

    [Fact]
    public async Task SiloStoppedMidChat_TheAnswerEndsInsteadOfHanging()
    {
        var silo = await TestSilo.StartAsync(("m", new FakeScenario { LoadMs = 0, TokenDelayMs = 50, TokenCount = 1000 }));
        await using var client = await silo.ConnectClientAsync();
        await client.StartAsync("m");
        await using var chat = await client.OpenChatAsync("m", new Grains.Interfaces.Chat.ChatRequest([new Grains.Interfaces.Chat.ChatMessage("user", "Hi")]));
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var events = new List<Grains.Interfaces.Chat.ChatEvent>();
        var reading = Task.Run(async () =>
        {
            await foreach (var chatEvent in chat.WithCancellation(patience.Token))
            {
                events.Add(chatEvent);
            }
        });

        await silo.DisposeAsync();
        var error = await Record.ExceptionAsync(() => reading);

        // A stopping silo ends its chats with an error event; a silo that vanished first leaves the client to say so.
        Assert.True(error is SiloUnavailableException || (error is null && events[^1] is Grains.Interfaces.Chat.ChatError), $"{error}; last: {(events.Count > 0 ? events[^1] : null)}");
    }
}
