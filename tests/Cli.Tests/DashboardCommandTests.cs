using System.Net;
using Orchestrator.Cli.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests;

public sealed class DashboardCommandTests
{
    private const string Model = "local/m:1";

    [Fact]
    public async Task PrintUrl_PrintsALinkThatSignsInOnce()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "dashboard", "--print-url"));

        Assert.Equal(0, code);
        var url = cli.Stdout.Text.Trim();
        Assert.StartsWith($"{silo.Info.Url}/signin?code=", url, StringComparison.Ordinal);
        Assert.DoesNotContain(silo.Info.Token, url, StringComparison.Ordinal);
        Assert.Contains("works once", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Forbidden], await VisitTwiceAsync(url));
    }

    [Fact]
    public async Task Dashboard_HandsTheLinkToBrowser_AndSaysWhereThePageIs()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        using var folder = new TempDirectory();
        var received = Path.Combine(folder.Path, "url");
        var browser = Path.Combine(folder.Path, "browser");
        await File.WriteAllTextAsync(browser, $"#!/bin/sh\nprintf '%s' \"$1\" > '{received}'\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var cli = new CliHarness(variables: new Dictionary<string, string> { ["BROWSER"] = browser });

        var code = await cli.RunAsync(Args.For(silo, "dashboard"));

        Assert.Equal(0, code);
        Assert.Contains($"Opened the dashboard at {silo.Info.Url}/ in your browser", cli.Stdout.Text, StringComparison.Ordinal);
        var url = await WaitForFileAsync(received);
        Assert.StartsWith($"{silo.Info.Url}/signin?code=", url, StringComparison.Ordinal);
        Assert.DoesNotContain(url, cli.Stdout.Text, StringComparison.Ordinal);
        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Forbidden], await VisitTwiceAsync(url));
    }

    [Fact]
    public async Task NoBrowser_PrintsTheLinkAndWhy()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        using var cli = new CliHarness(variables: new Dictionary<string, string> { ["BROWSER"] = "/nonexistent/browser" });

        var code = await cli.RunAsync(Args.For(silo, "dashboard"));

        Assert.Equal(0, code);
        Assert.Contains("Could not open a browser: $BROWSER (/nonexistent/browser) could not run", cli.Stderr.Text, StringComparison.Ordinal);
        Assert.StartsWith($"{silo.Info.Url}/signin?code=", cli.Stdout.Text.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_GivesTheLinkAndItsExpiry()
    {
        await using var silo = await TestSilo.StartAsync((Model, new FakeScenario()));
        using var cli = new CliHarness();

        var code = await cli.RunAsync(Args.For(silo, "dashboard", "--json"));

        Assert.Equal(0, code);
        var link = cli.Json();
        Assert.StartsWith($"{silo.Info.Url}/signin?code=", link.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.InRange(link.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(61));
    }

    private static async Task<HttpStatusCode[]> VisitTwiceAsync(string url)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });
        using var first = await browser.GetAsync(new Uri(url));
        using var second = await browser.GetAsync(new Uri(url));
        return [first.StatusCode, second.StatusCode];
    }

    private static async Task<string> WaitForFileAsync(string path)
    {
        // The fake browser runs as its own process; orch only waits for it to start.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        return await File.ReadAllTextAsync(path, timeout.Token);
    }
}
