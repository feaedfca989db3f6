using System.Threading.Channels;
using Orchestrator.Grains.Interfaces.Logs;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Logs;
using Orchestrator.Grains.Processes;

namespace Orchestrator.Grains.Models;

/// <summary>The server's output: the log buffer, its followers, and readiness seen in the output itself.</summary>
public sealed partial class ModelGrain
{
    private readonly LogRingBuffer _logs;
    private readonly List<Channel<LogLine>> _followers = [];
    private long _logSequence;
    private long _generationFirstLogSequence;

    private void OnOutputLine(OutputLine message)
    {
        var line = new LogLine(++_logSequence, message.At, message.Source, message.Text);
        _logs.Add(line);
        foreach (var follower in _followers)
        {
            follower.Writer.TryWrite(line);
        }

        // The ready line is the readiness event itself: no polling, no added latency.
        if (message.Generation == _generation && _state.Status == ModelStatus.Starting && ReadyLine.TryParse(message.Text, out var port))
        {
            OnReady(port);
        }
    }

    private void OnFollowLogs(FollowLogs message)
    {
        foreach (var line in _logs.Tail(message.Tail))
        {
            message.Sink.Writer.TryWrite(line);
        }

        _followers.Add(message.Sink);
        message.Reply.TrySetResult(true);
    }
}
