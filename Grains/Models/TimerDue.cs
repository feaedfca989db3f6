namespace Orchestrator.Grains.Models;

/// <summary>
/// Grain timers take due times up to about 49 days; a longer ttl, queue timeout or backoff would throw in the middle of a
/// state change. Such timers fire at the longest allowed due time and, finding it early, wait again.
/// </summary>
internal static class TimerDue
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(40);

    public static TimeSpan Clamp(TimeSpan due) => due < TimeSpan.Zero ? TimeSpan.Zero : due > Longest ? Longest : due;
}
