using System.Globalization;
using Orchestrator.Soak;
using Orchestrator.TestSupport;
using Xunit.Abstractions;

namespace Orchestrator.Silo.Tests;

/// <summary>The soak's short variant (about 40 s; ORCH_SOAK_SECONDS changes it). The long run is `dotnet run --project tests/Soak`.</summary>
public sealed class SoakTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ShortSoak_RandomClients_KeepEveryInvariantAndLeakNothing()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("ORCH_SOAK_SECONDS") ?? "40", CultureInfo.InvariantCulture);

        var report = await SoakRun.RunAsync(new SoakOptions
        {
            Duration = TimeSpan.FromSeconds(seconds),
            Clients = 6,
            Seed = 20261121,
            ServerPath = FakeServer.ExecutablePath,
        });
        output.WriteLine(report.ToString());

        Assert.True(report.TotalOperations > 100, report.ToString());
        Assert.Contains("chat", report.Operations.Keys);
        Assert.Empty(report.Failures);
        Assert.Empty(report.Violations);
        Assert.Equal(0, report.LeakedProcesses);
    }
}
