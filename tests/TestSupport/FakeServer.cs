using System.Reflection;
using System.Runtime.Versioning;

namespace Orchestrator.TestSupport;

/// <summary>Where the built FakeLlamaServer executable is, for tests that start it or hand it to the silo.</summary>
public static class FakeServer
{
    private static readonly Lazy<string> Path = new(Locate);

    /// <summary>
    /// The FakeLlamaServer apphost built in the same configuration as the running test assembly:
    /// tests/FakeLlamaServer/bin/&lt;Configuration&gt;/&lt;tfm&gt;/FakeLlamaServer. Throws if it is not built.
    /// </summary>
    public static string ExecutablePath => Path.Value;

    private static string Locate()
    {
        var testAssembly = typeof(FakeServer).Assembly;
        var configuration = testAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var framework = TargetFrameworkFolder(testAssembly);

        var testsFolder = new DirectoryInfo(AppContext.BaseDirectory);
        while (testsFolder is not null
            && !(testsFolder.Name == "tests" && Directory.Exists(System.IO.Path.Combine(testsFolder.FullName, "FakeLlamaServer"))))
        {
            testsFolder = testsFolder.Parent;
        }

        if (testsFolder is null)
        {
            throw new InvalidOperationException(
                $"FakeLlamaServer: no 'tests' folder containing FakeLlamaServer above the test output {AppContext.BaseDirectory}.");
        }

        var path = System.IO.Path.Combine(testsFolder.FullName, "FakeLlamaServer", "bin", configuration, framework, "FakeLlamaServer");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"FakeLlamaServer is not built at {path}. Reference tests/FakeLlamaServer/FakeLlamaServer.csproj from the test project " +
                $"with ReferenceOutputAssembly=\"false\", or run: dotnet build tests/FakeLlamaServer -c {configuration}", path);
    }

    // ".NETCoreApp,Version=v10.0" -> "net10.0": the fake targets the same framework as every test project.
    private static string TargetFrameworkFolder(Assembly assembly)
    {
        var name = assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
        var version = name is null ? null : new System.Runtime.Versioning.FrameworkName(name).Version;
        return version is null ? "net10.0" : $"net{version.Major}.{version.Minor}";
    }
}
