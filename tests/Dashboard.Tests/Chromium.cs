using Microsoft.Playwright;

namespace Orchestrator.Dashboard.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright, shared by the browser tests. Never <c>playwright install</c>: it downloads a
/// browser, which a fresh machine here cannot; <c>.ci/run</c> installs the distribution's package instead.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>Where Debian puts it; <c>ORCH_CHROMIUM</c> points elsewhere.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("ORCH_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ExecutablePath}: install it with `apt-get install chromium` (what .ci/run does), or set ORCH_CHROMIUM to a Chromium binary.");
        }

        // A shared machine can be slow to paint; these are waits for the page, not timing assertions.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>Where screenshots go: <c>ORCH_TEST_ARTIFACTS</c>, else <c>artifacts/dashboard</c> beside the test assembly.</summary>
    public static string ArtifactPath(string file)
    {
        var folder = Environment.GetEnvironmentVariable("ORCH_TEST_ARTIFACTS") is { Length: > 0 } root
            ? Path.Combine(root, "dashboard")
            : Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, file);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedChromium : ICollectionFixture<Chromium>
{
    public const string Name = "chromium";
}
