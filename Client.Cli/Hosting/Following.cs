namespace Orchestrator.Cli.Hosting;

/// <summary>
/// How a follow (<c>logs -f</c>, <c>events</c>) ends: by Ctrl+C, so an interrupted follow exits 0 whatever it was doing when
/// the interrupt came (reading silo.json, connecting, opening the stream, reading it), not only once the stream is open.
/// </summary>
internal static class Following
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task> follow, CancellationToken cancellationToken)
    {
        try
        {
            await follow(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C is the way out. The cancellation surfaces as OperationCanceledException, or, when it aborts a
            // connection or a read, as the client's error for a broken one; either way the user asked for the end.
        }

        return ExitCodes.Success;
    }
}
