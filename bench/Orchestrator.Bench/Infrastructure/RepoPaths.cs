using System.Reflection;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>Where the repository and the other projects' build outputs are, found from this assembly's location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The folder holding Orchestrator.sln.</summary>
    public static string Root => RootPath.Value;

    /// <summary>Debug or Release: the configuration this assembly (and so the projects it references) was built in.</summary>
    public static string Configuration =>
        typeof(RepoPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>The FakeLlamaServer apphost, built with this project (a reference that is not loaded).</summary>
    public static string FakeServer => Existing(Path.Combine(Root, "tests", "FakeLlamaServer", "bin", Configuration, "net10.0", "FakeLlamaServer"),
        $"dotnet build tests/FakeLlamaServer -c {Configuration}");

    /// <summary>The silo's own build output, for running it as a process of its own.</summary>
    public static string SiloDll => Existing(Path.Combine(Root, "Silo", "bin", Configuration, "net10.0", "Orchestrator.Silo.dll"),
        $"dotnet build Silo -c {Configuration}");

    /// <summary>The bare Orleans silo (bench P9's floor), built with this project (a reference that is not loaded).</summary>
    public static string BareSiloDll => Existing(Path.Combine(Root, "bench", "Orchestrator.BareSilo", "bin", Configuration, "net10.0", "Orchestrator.BareSilo.dll"),
        $"dotnet build bench/Orchestrator.BareSilo -c {Configuration}");

    /// <summary>The ReadyToRun-published CLI (may not exist).</summary>
    public static string CliExecutable => Path.Combine(Root, "Client.Cli", "bin", "Release", "net10.0", "linux-x64", "publish", "orch");

    /// <summary>Where results are written.</summary>
    public static string ResultsDirectory => Path.Combine(Root, "bench", "results");

    private static string Existing(string path, string howToBuild) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run: {howToBuild}", path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Orchestrator.sln above {AppContext.BaseDirectory}.");
    }
}
