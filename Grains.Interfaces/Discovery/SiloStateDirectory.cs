namespace Orchestrator.Grains.Interfaces.Discovery;

/// <summary>Where a silo keeps its state (and its <c>silo.json</c>) on this machine.</summary>
public static class SiloStateDirectory
{
    /// <summary>
    /// <c>$ORCHESTRATOR_HOME</c> if set, else <c>$XDG_STATE_HOME/orchestrator</c>, else <c>~/.local/state/orchestrator</c>.
    /// </summary>
    public static string Resolve()
    {
        var home = Environment.GetEnvironmentVariable("ORCHESTRATOR_HOME");
        if (!string.IsNullOrEmpty(home))
        {
            return home;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        if (!string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "orchestrator");
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "orchestrator");
    }

    /// <summary>The discovery file's name inside the state directory.</summary>
    public const string InfoFileName = "silo.json";
}
