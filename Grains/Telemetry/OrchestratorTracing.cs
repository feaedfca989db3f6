using System.Diagnostics;

namespace Orchestrator.Grains.Telemetry;

/// <summary>
/// The orchestrator's activities (source <see cref="SourceName"/>): one per chat, start and stop. Without a listener (no
/// OTLP endpoint configured) <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null and costs nothing.
/// </summary>
public static class OrchestratorTracing
{
    /// <summary>The activity source's name, for a tracer provider's AddSource.</summary>
    public const string SourceName = "Orchestrator";

    private static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// An activity that outlives the turn that starts it (a chat's stream, a start waiting for readiness): a child of the
    /// current one (the grain call Orleans traces), but not left current, so the rest of the turn is not inside it.
    /// </summary>
    public static Activity? StartDetached(string name, string model)
    {
        var current = Activity.Current;
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        Restore(current);
        activity?.SetTag(OrchestratorMetrics.ModelTag, model);
        return activity;
    }

    /// <summary>Ends <paramref name="activity"/> with <paramref name="outcome"/>; an error outcome sets the error status.</summary>
    public static void End(Activity? activity, string outcome, string? error = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("orchestrator.outcome", outcome);
        if (error is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, error);
        }

        // Stopping makes the activity's own predecessor current again (a grain call that may have ended long ago).
        var current = Activity.Current;
        activity.Dispose();
        Restore(current);
    }

    /// <summary>
    /// Makes <paramref name="activity"/> current again, or none once it has ended: Activity.Current refuses a stopped
    /// activity and would otherwise keep whatever a start or stop left there, a parent for every later turn.
    /// </summary>
    private static void Restore(Activity? activity) => Activity.Current = activity is { IsStopped: false } ? activity : null;
}
