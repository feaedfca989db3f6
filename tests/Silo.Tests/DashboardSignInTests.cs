using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Grains.Interfaces.Dashboard;
using Orchestrator.TestSupport;

namespace Orchestrator.Silo.Tests;

/// <summary>The web page's way in: a one-time link for a session cookie, and what that cookie may and may not do.</summary>
public sealed class DashboardSignInTests
{
    private const string Model = "dash/m:1";

    [Fact]
    public async Task Link_GivesAnHttpOnlyStrictSessionCookie_Once()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        var link = await IssueLinkAsync(silo);
        Assert.StartsWith($"{silo.Info.Url}/signin?code=", link.Url, StringComparison.Ordinal);
        Assert.InRange(link.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(61));
        using var browser = Browser();

        using var first = await browser.GetAsync(new Uri(link.Url));
        using var second = await browser.GetAsync(new Uri(link.Url));

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal("/", first.Headers.Location?.OriginalString);
        var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"orch_session_{silo.Url.Port}=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-referrer", first.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
        Assert.Contains("orch dashboard", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(second.Headers.Contains("Set-Cookie"));
        await silo.Logs.WaitForAsync(l => l.Contains("Refused a web page sign-in", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(silo.Logs.Lines, l => l.Contains(Code(link), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Session_ReadsAndDrivesTheApi_FromThePage()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        var cookie = await SignInAsync(silo);
        using var browser = Browser();

        using var list = await browser.SendAsync(PageRequest(silo, HttpMethod.Get, "/v1/models", cookie));
        using var start = await browser.SendAsync(PageRequest(silo, HttpMethod.Post, $"/v1/models/{TestSilo.Segment(Model)}/start", cookie, origin: silo.Info.Url, pageHeader: true));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Contains(Model, await list.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
    }

    [Theory]
    [InlineData("GET", "cross-site", null, false)]
    [InlineData("GET", "same-site", null, false)]
    [InlineData("POST", "same-origin", null, true)] // no Origin
    [InlineData("POST", "same-origin", "own", false)] // no page header
    [InlineData("POST", "same-site", "own", true)]
    [InlineData("POST", null, "http://127.0.0.1:1", true)] // another port of this host: same site, another origin
    public async Task Session_FromElsewhere_IsRefused(string method, string? fetchSite, string? origin, bool pageHeader)
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        var cookie = await SignInAsync(silo);
        using var browser = Browser();
        using var request = PageRequest(silo, new HttpMethod(method), $"/v1/models/{TestSilo.Segment(Model)}/{(method == "GET" ? "logs" : "start")}", cookie,
            origin: origin == "own" ? silo.Info.Url : origin, pageHeader: pageHeader, fetchSite: fetchSite);

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Stopped", (await silo.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/models/{TestSilo.Segment(Model)}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Session_OfAnEarlierRun_IsRefused()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        var cookie = await SignInAsync(silo);
        var oldPort = silo.Url.Port;
        await silo.RestartAsync();
        using var browser = Browser();
        // The cookie as the browser would send it to the new run (the name carries the old port; rename it to the new).
        var moved = cookie.Replace($"orch_session_{oldPort}=", $"orch_session_{silo.Url.Port}=", StringComparison.Ordinal);

        using var response = await browser.SendAsync(PageRequest(silo, HttpMethod.Get, "/v1/models", moved));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Page_IsServedWithoutASession_UnderAStrictPolicy()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        using var browser = Browser();

        using var page = await browser.GetAsync(new Uri(silo.Url, "/"));
        using var script = await browser.GetAsync(new Uri(silo.Url, "/assets/app.js"));
        using var missing = await browser.GetAsync(new Uri(silo.Url, "/assets/nothing.js"));
        using var again = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(silo.Url, "/")) { Headers = { { "If-None-Match", page.Headers.ETag!.Tag } } });

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    /// <summary>Many redeems of one code at once, mixed with other codes' issue and redeem: the shared code wins exactly once.</summary>
    [Fact]
    public async Task Hammer_ConcurrentRedeems_OneWinnerPerCode()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        var access = Access(silo);
        for (var round = 0; round < 5; round++)
        {
            var shared = Code(await access.IssueLinkAsync());
            var random = new Random(round);
            var callers = Enumerable.Range(0, 48).OrderBy(_ => random.Next()).Select(async i =>
            {
                await Task.Yield();
                if (i % 3 != 0)
                {
                    return (Shared: true, Won: await access.RedeemAsync(shared));
                }

                var own = Code(await access.IssueLinkAsync());
                return (Shared: false, Won: await access.RedeemAsync(own) && !await access.RedeemAsync(own));
            });

            var results = await Task.WhenAll(callers);

            Assert.Equal(1, results.Count(r => r.Shared && r.Won));
            Assert.All(results.Where(r => !r.Shared), r => Assert.True(r.Won));
        }
    }

    private static IDashboardAccessGrain Access(TestSilo silo) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IDashboardAccessGrain>(IDashboardAccessGrain.Key);

    private static Task<DashboardLink> IssueLinkAsync(TestSilo silo) => Access(silo).IssueLinkAsync();

    private static string Code(DashboardLink link) => link.Url[(link.Url.IndexOf("code=", StringComparison.Ordinal) + 5)..];

    /// <summary>Signs in as a browser would and returns the <c>Cookie</c> header value it would send.</summary>
    private static async Task<string> SignInAsync(TestSilo silo)
    {
        using var browser = Browser();
        using var response = await browser.GetAsync(new Uri((await IssueLinkAsync(silo)).Url));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    /// <summary>An HTTP client with no token and no cookie jar, that does not follow redirects: each test sets what a browser would send.</summary>
    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    private static HttpRequestMessage PageRequest(TestSilo silo, HttpMethod method, string path, string cookie, string? origin = null, bool pageHeader = false, string? fetchSite = "same-origin")
    {
        var request = new HttpRequestMessage(method, new Uri(silo.Url, path));
        request.Headers.Add("Cookie", cookie);
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (pageHeader)
        {
            request.Headers.Add("X-Orchestrator-Page", "1");
        }

        return request;
    }
}
