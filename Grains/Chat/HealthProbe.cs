namespace Orchestrator.Grains.Chat;

/// <summary>One <c>/health</c> probe of a model server, for the hang watchdog.</summary>
internal static class HealthProbe
{
    /// <summary>Probes <paramref name="health"/>; reports null when it answered, else why it counts as missed.</summary>
    public static async Task RunAsync(Uri health, TimeSpan timeout, Action<string?> report)
    {
        string? miss = null;
        try
        {
            using var cancel = new CancellationTokenSource(timeout);
            // Any HTTP answer means the server's HTTP side is alive; 503 "Loading model" included.
            using var response = await UpstreamHttp.Client.GetAsync(health, HttpCompletionOption.ResponseHeadersRead, cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            miss = $"no answer within {timeout.TotalSeconds:F0} s";
        }
        catch (HttpRequestException e)
        {
            miss = e.Message;
        }

        report(miss);
    }
}
