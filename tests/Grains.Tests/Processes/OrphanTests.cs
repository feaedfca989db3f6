using System.Diagnostics;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Grains.Processes;
using Orchestrator.Grains.Tests.Support;
using Orchestrator.TestSupport;

namespace Orchestrator.Grains.Tests.Processes;

/// <summary>No server may outlive the host that started it.</summary>
public sealed class OrphanTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("orch-orphans-").FullName;

    [Fact]
    public async Task HostKilledOutright_ItsServersDieWithinASecond()
    {
        using var host = StartHost(count: 2);
        var children = await ReadChildrenAsync(host, 2);
        Assert.All(children, pid => Assert.True(ProcessAssert.IsAlive(pid)));

        host.Kill(); // SIGKILL: no shutdown code runs in the host

        var gone = await LiveProcesses.EventuallyAsync(() => children.All(pid => !ProcessAssert.IsAlive(pid)), TimeSpan.FromSeconds(1));
        Assert.True(gone, $"servers outlived their killed host: {string.Join(", ", children.Where(ProcessAssert.IsAlive))}");
    }

    [Fact]
    public async Task HostSigterm_StopsItsServersBeforeExiting()
    {
        using var host = StartHost(count: 2);
        var children = await ReadChildrenAsync(host, 2);

        PosixSignals.Send(host.Id, PosixSignals.SigTerm);
        var rest = await host.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await host.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("STOPPED", rest, StringComparison.Ordinal);
        Assert.Equal(0, host.ExitCode);
        Assert.All(children, pid => Assert.False(ProcessAssert.IsAlive(pid)));
    }

    [Fact]
    public async Task Journal_ReapsARecordedSurvivor_AndSparesAProcessThatReusedAnEntry()
    {
        var scenario = new FakeScenario { LoadMs = 0 }.WriteToFile(_folder, "survivor.json");
        using var survivor = Process.Start(new ProcessStartInfo(FakeServer.ExecutablePath, ["-m", scenario, "--port", "0"]) { RedirectStandardError = true })!;
        using var bystander = Process.Start(new ProcessStartInfo("sleep", ["60"]))!;
        await LiveProcesses.EventuallyAsync(() => ProcessIdentity.TryRead(survivor.Id)?.Executable == BinaryResolver.Canonical(FakeServer.ExecutablePath), TimeSpan.FromSeconds(10));
        var journal = new ChildProcessJournal(Path.Combine(_folder, "children"));
        var survivorIdentity = ProcessIdentity.TryRead(survivor.Id)!;
        var bystanderIdentity = ProcessIdentity.TryRead(bystander.Id)!;
        journal.Record(survivor.Id, survivorIdentity.StartTicks, BinaryResolver.Canonical(FakeServer.ExecutablePath), "a");
        // Same pid, different start time: a process that reused a recorded pid must never be touched.
        journal.Record(bystander.Id, bystanderIdentity.StartTicks + 1, bystanderIdentity.Executable, "b");

        var report = journal.ReapSurvivors();

        Assert.Single(report);
        Assert.True(await LiveProcesses.EventuallyAsync(() => !ProcessAssert.IsAlive(survivor.Id), TimeSpan.FromSeconds(5)));
        Assert.True(ProcessAssert.IsAlive(bystander.Id));
        Assert.Empty(Directory.EnumerateFiles(journal.Directory));
        bystander.Kill();
    }

    public void Dispose()
    {
        foreach (var pid in LiveProcesses.WithArgumentContaining(_folder))
        {
            Process.GetProcessById(pid).Kill(entireProcessTree: true);
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Process StartHost(int count)
    {
        var hostPath = Path.Combine(Path.GetDirectoryName(FakeServer.ExecutablePath)!, "..", "..", "..", "..", "GrainHost", "bin",
            new DirectoryInfo(Path.GetDirectoryName(FakeServer.ExecutablePath)!).Parent!.Name, "net10.0", "GrainHost");
        var scenario = new FakeScenario { LoadMs = 0 }.WriteToFile(_folder);
        return Process.Start(new ProcessStartInfo(Path.GetFullPath(hostPath), [FakeServer.ExecutablePath, scenario, Path.Combine(_folder, "children"), count.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
        })!;
    }

    private static async Task<List<int>> ReadChildrenAsync(Process host, int count)
    {
        var children = new List<int>();
        while (children.Count < count)
        {
            var line = await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
                ?? throw new InvalidOperationException("the host exited before starting its models");
            if (line.StartsWith("CHILD ", StringComparison.Ordinal))
            {
                children.Add(int.Parse(line["CHILD ".Length..], System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return children;
    }
}
