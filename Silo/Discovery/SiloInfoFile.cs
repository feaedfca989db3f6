using System.Text.Json;
using Orchestrator.Grains.Interfaces.Discovery;
using Orchestrator.Silo.Api;

namespace Orchestrator.Silo.Discovery;

/// <summary>Writes and removes <c>silo.json</c>: readable by the user only, because it holds the bearer token.</summary>
internal static class SiloInfoFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, SiloStateDirectory.InfoFileName);

    public static void Write(string stateDirectory, SiloInfo info)
    {
        var path = PathIn(stateDirectory);
        var temporary = path + ".tmp";
        File.Delete(temporary);
        // Created 0600 from the first byte (no window where another user could read the token), then renamed in place.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, info, SiloJsonContext.Default.SiloInfo);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string stateDirectory) => File.Delete(PathIn(stateDirectory));
}
