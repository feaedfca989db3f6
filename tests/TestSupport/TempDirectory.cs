namespace Orchestrator.TestSupport;

/// <summary>A fresh folder for one test's files (scenarios, events files, sockets), deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = CreateUnique();

    public string Path { get; }

    /// <summary>Creates a new, empty folder under the system temp directory and returns its path.</summary>
    public static string CreateUnique()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orchestrator-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A path inside the folder (the file is not created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that outlived its test may still hold a file; the folder is under temp anyway.
        }
    }
}
