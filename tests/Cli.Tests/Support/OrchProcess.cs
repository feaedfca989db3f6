using System.Diagnostics;
using System.Reflection;
using Orchestrator.TestSupport;

namespace Orchestrator.Cli.Tests.Support;

/// <summary>The built orch run as a process (<c>dotnet orch.dll</c>), for what only a real process shows: exit codes, signals.</summary>
internal sealed class OrchProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _emptyHome = new();
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private OrchProcess(string? orchestratorHome, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(OrchDll());
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Never the user's own silo: an explicit home, or an empty one.
        info.Environment["ORCHESTRATOR_HOME"] = orchestratorHome ?? _emptyHome.Path;
        _process = Process.Start(info)!;
        _process.StandardInput.Close();
        _stdout = _process.StandardOutput.ReadToEndAsync();
        _stderr = _process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    /// <summary>Starts orch with <paramref name="args"/>; without <paramref name="orchestratorHome"/> it finds no silo.json.</summary>
    public static OrchProcess Start(string? orchestratorHome, params string[] args) => new(orchestratorHome, args);

    /// <summary>Runs orch to its end.</summary>
    public static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string? orchestratorHome, params string[] args)
    {
        using var orch = Start(orchestratorHome, args);
        return await orch.WaitAsync();
    }

    /// <summary>The exit code and output once orch has exited; fails the test (and kills orch) if it does not.</summary>
    public async Task<(int Code, string Stdout, string Stderr)> WaitAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"orch did not exit. stderr: {await _stderr}");
        }

        return (_process.ExitCode, await _stdout, await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        _emptyHome.Dispose();
    }

    /// <summary>
    /// orch.dll in its own build output (Client.Cli/bin/&lt;configuration&gt;/net10.0), not the copy beside this test assembly:
    /// the test's folder lacks the package assemblies that the ASP.NET Core framework gives the tests but not orch.
    /// </summary>
    private static string OrchDll()
    {
        var testDirectory = new DirectoryInfo(Path.GetDirectoryName(Assembly.GetExecutingAssembly().Location)!);
        var (framework, configuration) = (testDirectory.Name, testDirectory.Parent!.Name);
        var repository = testDirectory.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "Client.Cli", "bin", configuration, framework, "orch.dll");
        Assert.True(File.Exists(path), $"orch is not built at {path}");
        Assert.True(File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")), $"orch.runtimeconfig.json is not beside {path}");
        return path;
    }
}
