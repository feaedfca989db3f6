namespace Orchestrator.Cli.Hosting;

/// <summary>
/// Ctrl+C for orch: cancels the answer in progress when there is one (a chat session then goes on), else the whole command.
/// Tests call <see cref="Interrupt"/> instead of pressing the keys.
/// </summary>
internal sealed class Interrupts : IDisposable
{
    private readonly CancellationTokenSource _command = new();
    private CancellationTokenSource? _answer;

    /// <summary>Cancelled by an interrupt while no answer is in progress.</summary>
    public CancellationToken CommandToken => _command.Token;

    /// <summary>
    /// Starts an answer that the next interrupt cancels instead of the command; dispose it when the answer has ended.
    /// Its token is also cancelled with <paramref name="cancellationToken"/>.
    /// </summary>
    public CancellationTokenSource BeginAnswer(CancellationToken cancellationToken)
    {
        var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Volatile.Write(ref _answer, answer);
        return answer;
    }

    /// <summary>Cancels the answer in progress, or else the command. False when the command was already cancelled.</summary>
    public bool Interrupt()
    {
        if (Interlocked.Exchange(ref _answer, null) is { } answer)
        {
            try
            {
                answer.Cancel();
                return true;
            }
            catch (ObjectDisposedException)
            {
                // That answer had just ended: the interrupt is for the command.
            }
        }

        if (_command.IsCancellationRequested)
        {
            return false;
        }

        _command.Cancel();
        return true;
    }

    public void Dispose() => _command.Dispose();
}
