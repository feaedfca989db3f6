using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Logs;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Models;

/// <summary>The server's output: the log buffer, the model's log stream, and readiness seen in the output itself.</summary>
public sealed partial class ModelGrain
{
    private readonly LogRingBuffer _logs;
    private long _logSequence;
    private long _generationFirstLogSequence;

    private void OnOutputLine(OutputLine message)
    {
        var line = new LogLine(++_logSequence, message.At, message.Source, message.Text);
        _logs.Add(line);
        Publish(_logStream.OnNextAsync(line));

        // The ready line is the readiness event itself: no polling, no added latency.
        if (message.Generation == _generation && _state.Status == ModelStatus.Starting && ReadyLine.TryParse(message.Text, out var port))
        {
            OnReady(port);
        }
    }
}
