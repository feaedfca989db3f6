namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Reads models.json from disk, turning every I/O failure into a registry error that says the path and why.</summary>
internal static class RegistryFileReader
{
    public static string ReadAllText(string fullPath)
    {
        var file = new RegistryLocation(fullPath);
        // On Linux reading a directory fails as "access denied", which would send the user after permissions.
        if (Directory.Exists(fullPath))
        {
            throw file.Error("cannot read the registry: this is a directory; pass the path of the models.json file itself.");
        }

        try
        {
            // ReadAllText detects and strips a byte order mark, which an editor on another OS may have added.
            return File.ReadAllText(fullPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw file.Error($"cannot read the registry: {error.Message} {Fix(error)}", inner: error);
        }
    }

    private static string Fix(Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException =>
            "Check the path, or create the file (the models.json at the repository root is a sample).",
        UnauthorizedAccessException => "Make the file readable by this user (e.g. chmod u+r).",
        _ => "Check that the file is a readable, local file and try again.",
    };
}
