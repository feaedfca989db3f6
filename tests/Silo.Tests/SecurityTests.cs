using System.Net;
using System.Text.Json;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

public sealed class SecurityTests
{
    [Fact]
    public async Task V1_WithoutToken_Answers401()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var anonymous = new HttpClient { BaseAddress = new Uri(silo.Info.Url) };

        using var response = await anonymous.GetAsync(new Uri("/v1/models", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task V1_WithAWrongToken_Answers401()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", silo.Info.Token + "x");

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "http://127.0.0.1:1")]
    [InlineData("Host", "evil.example")]
    [InlineData("Host", "attacker.localhost.example:8780")]
    public async Task ForeignOriginOrHost_Answers403(string header, string value)
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models", UriKind.Relative));
        request.Headers.TryAddWithoutValidation(header, value);

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("forbidden", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task OwnOrigin_IsAccepted()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/models", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Origin", silo.Info.Url);

        using var response = await silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SiloJson_IsReadableByItsUserOnly_AndGoneAfterShutdown()
    {
        var silo = await TestSilo.StartAsync(("m", new FakeScenario()));
        var path = Path.Combine(silo.StateDirectory, "silo.json");

        var mode = File.GetUnixFileMode(path);
        await silo.DisposeAsync();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task SecondSilo_OnTheSameStateDirectory_RefusesToStart()
    {
        await using var silo = await TestSilo.StartAsync(("m", new FakeScenario()));

        var error = Assert.Throws<InvalidOperationException>(() => SiloApplication.Build([], b =>
            Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(b.Configuration, new Dictionary<string, string?>
            {
                ["Orchestrator:ModelsPath"] = Path.Combine(silo.Folder, "models.json"),
                ["Orchestrator:StateDirectory"] = silo.StateDirectory,
            })));

        Assert.Contains("Another silo is already running", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_BodyOverTheLimit_Answers413()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Orchestrator:MaxRequestBodyBytes"] = "1024" }, ("m", new FakeScenario()));

        using var response = await silo.PostAsync("/v1/models/m/chat", $$"""{"messages":[{"role":"user","content":"{{new string('x', 4096)}}"}]}""");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload-too-large", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }
}
