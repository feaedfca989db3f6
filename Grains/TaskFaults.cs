namespace Orchestrator.Grains;

/// <summary>
/// Calls that are not awaited on purpose (a stream publish, a one-way grain call, a preload) but whose failure must still
/// be logged. Nothing is allocated when the task has already completed, the usual case.
/// </summary>
public static class TaskFaults
{
    /// <summary>Calls <paramref name="log"/> with <paramref name="state"/> and the error if <paramref name="task"/> fails.</summary>
    public static void Log<TState>(Task task, TState state, Action<TState, Exception> log)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (task.IsCompletedSuccessfully)
        {
            return;
        }

        _ = task.ContinueWith(
            static (t, boxed) =>
            {
                var (state, log) = ((TState, Action<TState, Exception>))boxed!;
                log(state, t.Exception!.GetBaseException());
            },
            (state, log),
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
