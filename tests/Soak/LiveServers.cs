namespace Orchestrator.Soak;

/// <summary>Which server processes exist, read from /proc.</summary>
internal static class LiveServers
{
    /// <summary>Live (non-zombie) processes whose command line contains <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<int> WithArgument(string fragment)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (stat[stat.LastIndexOf(')') + 2] is not ('Z' or 'X') && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(fragment, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Gone while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
