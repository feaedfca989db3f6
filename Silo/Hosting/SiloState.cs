using Orchestrator.Silo.Discovery;

namespace Orchestrator.Silo.Hosting;

/// <summary>The silo's state directory, held exclusively for the silo's life.</summary>
internal sealed class SiloState(string directory, StateDirectoryLock directoryLock) : IDisposable
{
    public string Directory { get; } = directory;

    public string ChildJournal => Path.Combine(Directory, "children");

    public void Dispose() => directoryLock.Dispose();
}
