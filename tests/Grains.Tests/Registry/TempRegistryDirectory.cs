using System.Text;

namespace Orchestrator.Grains.Tests.Registry;

/// <summary>A fresh folder per test for registry files, deleted on dispose so no file leaks into another test.</summary>
internal sealed class TempRegistryDirectory : IDisposable
{
    public TempRegistryDirectory() => Folder = Directory.CreateTempSubdirectory("orch-registry-").FullName;

    public string Folder { get; }

    /// <summary>Writes <paramref name="json"/> as UTF-8 without a byte order mark and returns the file's path.</summary>
    public string Write(string json, string fileName = "models.json")
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
