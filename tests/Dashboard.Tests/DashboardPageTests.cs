using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orchestrator.Grains.Interfaces.Dashboard;
using Orchestrator.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Dashboard.Tests;

/// <summary>The silo's web page in a real Chromium, against a real silo with FakeLlamaServer models.</summary>
[Collection(SharedChromium.Name)]
public sealed class DashboardPageTests(Chromium chromium)
{
    // Streams slowly enough that the page can be seen growing, and cancelled mid-answer.
    private const string Slow = "fake/slow:1";
    private const string Quick = "fake/quick:1";
    private static readonly FakeScenario SlowScenario = new() { LoadMs = 300, TokenDelayMs = 40, TokenCount = 80, Tokens = [" tick", " tock"] };
    private static readonly FakeScenario QuickScenario = new() { LoadMs = 0 };

    [Fact]
    public async Task StartChatCancelStop_AllWithoutAReload()
    {
        await using var silo = await StartSiloAsync();
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;

        await Expect(Status(page, Slow)).ToHaveTextAsync("Stopped");
        await Expect(Status(page, Quick)).ToHaveTextAsync("Stopped");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("1-stopped.png"), FullPage = true });
        // A mark on this document: a reload would lose it.
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await Row(page, Slow).Locator("[data-action=start]").ClickAsync();
        await Expect(Status(page, Slow)).ToHaveTextAsync("Running");
        await Expect(Row(page, Slow).Locator("[data-field=pid]")).Not.ToBeEmptyAsync();

        // A chat streams into the page: the answer grows while it runs, and ends with tokens/s and the finish reason.
        await Row(page, Slow).Locator("[data-action=chat]").ClickAsync();
        await Expect(page.Locator("#chat-model")).ToHaveValueAsync(Slow);
        await page.Locator("#chat-input").FillAsync("Count for me");
        await page.Locator("#chat-send").ClickAsync();
        var early = await WhileRunningLongerThanAsync(page, 0);
        await WhileRunningLongerThanAsync(page, early);
        var stats = page.Locator("#chat-stats");
        await Expect(stats).ToHaveAttributeAsync("data-state", "done");
        Assert.True(double.Parse(await stats.GetAttributeAsync("data-tokens-per-second") ?? "0", System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.False(string.IsNullOrEmpty(await stats.GetAttributeAsync("data-finish-reason")));
        Assert.Contains("tokens/s", await stats.TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(80, CountTicks(await page.Locator("#chat-output").TextContentAsync()));
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("2-chat-done.png"), FullPage = true });

        // Cancel stops the answer: the page says so, the text stops growing, and the silo's chat ended (a new one runs).
        await page.Locator("#chat-input").FillAsync("Again");
        await page.Locator("#chat-send").ClickAsync();
        await WhileRunningLongerThanAsync(page, 0);
        await page.Locator("#chat-cancel").ClickAsync();
        await Expect(stats).ToHaveAttributeAsync("data-state", "cancelled");
        var cut = await page.Locator("#chat-output").TextContentAsync();
        Assert.InRange(CountTicks(cut), 1, 79);
        await page.Locator("#chat-input").FillAsync("Once more");
        await page.Locator("#chat-input").PressAsync("Control+Enter");
        await Expect(stats).ToHaveAttributeAsync("data-state", "done");

        await Row(page, Slow).Locator("[data-action=stop]").ClickAsync();
        await Expect(Status(page, Slow)).ToHaveTextAsync("Stopped");
        await Expect(Row(page, Slow).Locator("[data-field=pid]")).ToBeEmptyAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"));
    }

    [Fact]
    public async Task KilledServer_ShowsCrashedWithItsReason_AndItsLogs()
    {
        await using var silo = await StartSiloAsync();
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;

        await Row(page, Quick).Locator("[data-action=start]").ClickAsync();
        await Expect(Status(page, Quick)).ToHaveTextAsync("Running");
        await Row(page, Quick).Locator("[data-action=logs]").ClickAsync();
        await Expect(page.Locator("#logs-model")).ToHaveValueAsync(Quick);
        await Expect(page.Locator("#logs-output > *").First).ToBeVisibleAsync();
        var pid = int.Parse(await Row(page, Quick).Locator("[data-field=pid]").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);

        Signals.Send(pid, 9);

        await Expect(Status(page, Quick)).ToHaveTextAsync("Crashed");
        await Expect(Row(page, Quick).Locator("[data-field=reason]")).ToContainTextAsync("killed by SIGKILL");
        await Expect(Row(page, Quick).Locator("[data-action=start]")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("3-crashed.png"), FullPage = true });
    }

    [Fact]
    public async Task StartFailure_IsShownInTheRow()
    {
        await using var silo = await TestSilo.StartAsync(("fake/broken:1", new FakeScenario { ExitAtLoadCode = 1, ExitAtLoadMessage = "error: model file is corrupt" }));
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;

        await Row(page, "fake/broken:1").Locator("[data-action=start]").ClickAsync();

        await Expect(Row(page, "fake/broken:1").Locator("[data-field=error]")).ToContainTextAsync("model file is corrupt");
        await Expect(Status(page, "fake/broken:1")).ToHaveTextAsync("Crashed");
    }

    [Fact]
    public async Task QueuedStart_ShowsItsPlaceAndWhy_ThenRunsAndTheEvictedModelSaysWhy()
    {
        await using var silo = await TestSilo.StartWithEntriesAsync(
            new Dictionary<string, string?> { ["Orchestrator:MemoryBudgetMb"] = "100" },
            (Slow, SlowScenario, new Dictionary<string, object> { ["memory_mb"] = 100 }), (Quick, QuickScenario, new Dictionary<string, object> { ["memory_mb"] = 100 }));
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;
        await Row(page, Slow).Locator("[data-action=start]").ClickAsync();
        await Expect(Status(page, Slow)).ToHaveTextAsync("Running");
        await page.Locator("#chat-model").SelectOptionAsync(Slow);
        await page.Locator("#chat-input").FillAsync("Count");
        await page.Locator("#chat-send").ClickAsync();
        await WhileRunningLongerThanAsync(page, 0);

        await Row(page, Quick).Locator("[data-action=start]").ClickAsync();

        await Expect(Status(page, Quick)).ToHaveTextAsync("Queued");
        await Expect(Row(page, Quick).Locator("[data-field=reason]")).ToContainTextAsync("#1 in the start queue · queued: needs 100 MB");
        await Expect(Row(page, Slow).Locator("[data-field=name]")).ToContainTextAsync("100 MB");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("6-queued.png"), FullPage = true });
        await page.Locator("#chat-cancel").ClickAsync();
        await Expect(Status(page, Quick)).ToHaveTextAsync("Running");
        await Expect(Status(page, Slow)).ToHaveTextAsync("Stopped");
        await Expect(Row(page, Slow).Locator("[data-field=reason]")).ToContainTextAsync($"evicted: idle, least recently used: stopped to make room for \"{Quick}\"");
    }

    [Fact]
    public async Task ChatToAStoppedModel_ShowsTheProblemReadably()
    {
        await using var silo = await StartSiloAsync();
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;

        await page.Locator("#chat-model").SelectOptionAsync(Quick);
        await page.Locator("#chat-input").FillAsync("Hi");
        await page.Locator("#chat-send").ClickAsync();

        await Expect(page.Locator("#chat-error")).ToContainTextAsync("not running");
        await Expect(page.Locator("#chat-error")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ForeignOrigin_CanNeitherReadNorDriveTheSilo()
    {
        await using var silo = await StartSiloAsync();
        await using var foreign = await ForeignSite.StartAsync();
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;
        await Expect(Status(page, Quick)).ToHaveTextAsync("Stopped");

        // Another port of this host: the same site to the browser, so the session cookie goes along; another origin to the silo.
        var evil = await context.NewPageAsync();
        await evil.GotoAsync(foreign.Url);
        var outcome = await evil.EvaluateAsync<JsonElement>(
            """
            async ([silo, id]) => {
              const out = {};
              try { const r = await fetch(silo + '/v1/models', { credentials: 'include' }); out.read = 'status ' + r.status + ' ' + await r.text(); }
              catch { out.read = 'blocked'; }
              try { await fetch(silo + '/v1/models/' + encodeURIComponent(id) + '/start', { method: 'POST', mode: 'no-cors', credentials: 'include' }); out.drive = 'sent'; }
              catch { out.drive = 'blocked'; }
              return out;
            }
            """,
            new[] { silo.Info.Url, Quick });

        Assert.Equal("blocked", outcome.GetProperty("read").GetString());
        // The no-cors POST reached the silo with the cookie (the browser allows sending it), and was refused there: had it
        // been served, its answer (which comes once the model runs) would have found the model Running.
        Assert.Equal("sent", outcome.GetProperty("drive").GetString());
        var view = await silo.Http.GetFromJsonAsync<JsonElement>($"/v1/models/{TestSilo.Segment(Quick)}");
        Assert.Equal("Stopped", view.GetProperty("status").GetString());
    }

    [Fact]
    public async Task SignInLink_WorksOnce()
    {
        await using var silo = await StartSiloAsync();
        var link = await IssueLinkAsync(silo);
        await using var first = await chromium.Browser.NewContextAsync();
        await using var second = await chromium.Browser.NewContextAsync();

        var signedIn = await first.NewPageAsync();
        await signedIn.GotoAsync(link.Url);
        var refused = await second.NewPageAsync();
        var answer = await refused.GotoAsync(link.Url);

        Assert.Equal(new Uri(silo.Url, "/").ToString(), signedIn.Url);
        await Expect(Status(signedIn, Quick)).ToHaveTextAsync("Stopped");
        Assert.Equal(403, answer!.Status);
        await Expect(refused.GetByRole(AriaRole.Heading, new() { Name = "This sign-in link cannot be used" })).ToBeVisibleAsync();
        await refused.GotoAsync(silo.Info.Url);
        await Expect(refused.Locator("#signin")).ToBeVisibleAsync();
        await Expect(refused.Locator("#app")).ToBeHiddenAsync();
        await refused.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("4-signin.png") });
    }

    [Fact]
    public async Task NarrowWindow_NothingSpillsOut_AndTheKeyboardReachesTheActions()
    {
        await using var silo = await StartSiloAsync();
        var (context, page) = await SignedInPageAsync(silo, new ViewportSize { Width = 400, Height = 800 });
        await using var _ = context;
        await Expect(Status(page, Slow)).ToHaveTextAsync("Stopped");

        var spill = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(spill <= 0, $"the page is {spill} px wider than a 400 px window");

        // Keyboard only: tab to the first Start button and press Enter.
        var start = Row(page, Slow).Locator("[data-action=start]");
        for (var i = 0; i < 40 && !await start.EvaluateAsync<bool>("b => b === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(Status(page, Slow)).ToHaveTextAsync("Running");
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("5-narrow.png"), FullPage = true });

        // Escape cancels a running answer.
        await page.Locator("#chat-model").SelectOptionAsync(Slow);
        await page.Locator("#chat-input").FillAsync("Count");
        await page.Locator("#chat-input").PressAsync("Control+Enter");
        await WhileRunningLongerThanAsync(page, 0);
        await page.Locator("#chat-input").PressAsync("Escape");
        await Expect(page.Locator("#chat-stats")).ToHaveAttributeAsync("data-state", "cancelled");
    }

    [Fact]
    public async Task SpeedChart_EachAnswerFromAnyClientAddsAPoint_LiveWithoutAReload()
    {
        await using var silo = await StartSiloAsync();
        var (context, page) = await SignedInPageAsync(silo);
        await using var _ = context;
        var speed = Row(page, Quick).Locator("[data-field=speed]");
        await silo.StartModelAsync(Quick);
        await Expect(Status(page, Quick)).ToHaveTextAsync("Running");
        await Expect(speed).ToHaveAttributeAsync("data-points", "0");

        await AnswerOverHttpAsync(silo, Quick); // a script's chat, not the page's: the chart follows the silo's events
        await Expect(speed).ToHaveAttributeAsync("data-points", "1");
        await AnswerOverHttpAsync(silo, Quick);
        await Expect(speed).ToHaveAttributeAsync("data-points", "2");

        var shown = double.Parse(await speed.GetAttributeAsync("data-tokens-per-second") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var view = await silo.Http.GetFromJsonAsync<JsonElement>($"/v1/models/{TestSilo.Segment(Quick)}");
        Assert.Equal(view.GetProperty("lastAnswer").GetProperty("tokensPerSecond").GetDouble(), shown);
        await Expect(speed).ToContainTextAsync("tok/s");
        Assert.Equal(2, (await speed.Locator("polyline").GetAttributeAsync("points"))!.Split(' ').Length);
        await page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("speed-chart.png"), FullPage = true });

        await page.ReloadAsync(); // a new page starts from the model list: the last answer
        await Expect(Row(page, Quick).Locator("[data-field=speed]")).ToHaveAttributeAsync("data-points", "1");
    }

    /// <summary>A chat through the HTTP API, read to its end; returns once the model's answer event is out.</summary>
    private static async Task AnswerOverHttpAsync(TestSilo silo, string id)
    {
        using var chat = await silo.OpenChatAsync(id, """{"messages":[{"role":"user","content":"Hello"}]}""");
        await foreach (var item in TestSilo.ReadEvents(await chat.Content.ReadAsStreamAsync()))
        {
            if (item.EventType is "done" or "error")
            {
                Assert.Equal("done", item.EventType);
            }
        }
    }

    private static Task<TestSilo> StartSiloAsync() => TestSilo.StartAsync((Slow, SlowScenario), (Quick, QuickScenario));

    private static Task<DashboardLink> IssueLinkAsync(TestSilo silo) =>
        silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IDashboardAccessGrain>(IDashboardAccessGrain.Key).IssueLinkAsync();

    /// <summary>A fresh browser context (no cookies) signed in through a one-time link, on the page at <c>/</c>.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> SignedInPageAsync(TestSilo silo, ViewportSize? viewport = null)
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync((await IssueLinkAsync(silo)).Url);
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-state", "live");
        return (context, page);
    }

    private static ILocator Row(IPage page, string id) => page.Locator($"tr[data-model-id=\"{id}\"]");

    private static ILocator Status(IPage page, string id) => Row(page, id).Locator("[data-field=status]");

    /// <summary>Waits until the answer is longer than <paramref name="length"/> characters while still running; returns its length.</summary>
    private static async Task<int> WhileRunningLongerThanAsync(IPage page, int length)
    {
        var handle = await page.WaitForFunctionAsync(
            """
            n => {
              const text = document.querySelector('#chat-output')?.textContent ?? '';
              return document.querySelector('#chat-stats')?.dataset.state === 'running' && text.length > n ? text.length : 0;
            }
            """,
            length,
            new() { Timeout = 20_000 });
        return await handle.JsonValueAsync<int>();
    }

    private static int CountTicks(string? text) =>
        (text?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? []).Count(w => w is "tick" or "tock");
}
