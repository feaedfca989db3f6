using System.Text;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>Finds live processes from /proc, so a test can prove which of its children exist.</summary>
internal static class LiveProcesses
{
    /// <summary>Pids of live (non-zombie) processes whose command line contains <paramref name="fragment"/>.</summary>
    public static IReadOnlyList<int> WithArgumentContaining(string fragment)
    {
        var result = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                var cmdline = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline")));
                if (cmdline.Contains(fragment, StringComparison.Ordinal) && Orchestrator.TestSupport.ProcessAssert.IsAlive(pid))
                {
                    result.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return result;
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the deadline passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }
}
