using System.Diagnostics.CodeAnalysis;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>
/// Resolves paths written in models.json (and the path of models.json itself) the way a shell user expects:
/// a leading <c>~</c> or <c>~/</c> is the user's home, anything else relative is relative to a base folder.
/// Existence is not checked: a model may be downloaded after the registry is loaded; the grain checks at start.
/// </summary>
internal static class RegistryPaths
{
    public static bool TryResolve(
        string path,
        string baseDirectory,
        [NotNullWhen(true)] out string? fullPath,
        [NotNullWhen(false)] out string? problem)
    {
        fullPath = null;
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            problem = "contains a NUL character (\\u0000), which no file path can hold; remove it.";
            return false;
        }

        if (!TryExpandHome(path, out var expanded, out problem))
        {
            return false;
        }

        // GetFullPath also folds "." and ".." so that two spellings of one file compare equal.
        fullPath = Path.GetFullPath(expanded, baseDirectory);
        return true;
    }

    private static bool TryExpandHome(
        string path,
        [NotNullWhen(true)] out string? expanded,
        [NotNullWhen(false)] out string? problem)
    {
        expanded = path;
        problem = null;
        if (!path.StartsWith('~'))
        {
            return true;
        }

        if (path.Length > 1 && !IsSeparator(path[1]))
        {
            // "~bob/x" would mean bob's home in a shell; looking up other users is out of scope, and treating it as a
            // relative folder named "~bob" would be a silent surprise.
            problem = $"starts with \"{path.Split('/')[0]}\": only \"~\" and \"~/\" (your own home) are expanded; write the full path instead.";
            expanded = null;
            return false;
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (string.IsNullOrEmpty(home))
        {
            problem = "starts with \"~\" but the home directory is unknown (HOME is not set); set HOME or write the full path.";
            expanded = null;
            return false;
        }

        expanded = path.Length <= 2 ? home : Path.Join(home, path.AsSpan(2));
        return true;
    }

    private static bool IsSeparator(char c) => c == Path.DirectorySeparatorChar || c == Path.AltDirectorySeparatorChar;
}
