using System.Diagnostics;
using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Interfaces.Events;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Models;

/// <summary>
/// What the grain measures and traces: every figure is taken in the turn that makes the change (a state change, a chat's
/// end), so it never disagrees with the state the grain shows.
/// </summary>
public sealed partial class ModelGrain
{
    private Activity? _startActivity;
    private Activity? _stopActivity;

    /// <summary>A start begins (asked, or an automatic restart): its trace runs until Running, Crashed or a stop.</summary>
    private void BeginStartTrace()
    {
        _startActivity ??= OrchestratorTracing.StartDetached("start", _model.Id.Value);
        _startActivity?.SetTag("orchestrator.decision", _startDecision);
    }

    /// <summary>After every state change: the running count, and the traces of starts and stops.</summary>
    private void Measure(ModelStatus previous, ModelStatus status)
    {
        if (previous == ModelStatus.Running != (status == ModelStatus.Running))
        {
            _metrics.RunningChanged(_model.Id.Value, status == ModelStatus.Running);
        }

        // The ends are checked on every change, not only a change of status (a crash ends its traces itself, with its kind).
        switch (status)
        {
            case ModelStatus.Queued when previous != ModelStatus.Queued:
                _startActivity?.AddEvent(new ActivityEvent("queued"));
                break;
            case ModelStatus.Starting when previous != ModelStatus.Starting:
                _startActivity?.AddEvent(new ActivityEvent("launched"));
                break;
            case ModelStatus.Running:
                EndTrace(ref _startActivity, "running");
                break;
            case ModelStatus.Stopping when _stopActivity is null:
                EndTrace(ref _startActivity, "stopped");
                _stopActivity = OrchestratorTracing.StartDetached("stop", _model.Id.Value);
                _stopActivity?.SetTag("orchestrator.decision", _state.Decision);
                break;
            case ModelStatus.Stopped:
                EndTraces("stopped");
                break;
        }
    }

    /// <summary>The start or stop in progress ends with <paramref name="outcome"/> (a crash: with its kind as the error).</summary>
    private void EndTraces(string outcome, string? error = null)
    {
        EndTrace(ref _startActivity, outcome, error);
        EndTrace(ref _stopActivity, outcome, error);
    }

    /// <summary>A chat ended: its metrics, its trace, and the model's last answer (published as an answer event).</summary>
    private void Measure(ChatStream stream)
    {
        var chat = stream.Summarize();
        _metrics.ChatEnded(_model.Id.Value, chat);
        var firstTokenMs = chat.TimeToFirstToken?.TotalMilliseconds;
        if (stream.Activity is { } activity)
        {
            activity.SetTag("orchestrator.chat.output_tokens", chat.OutputTokens);
            activity.SetTag("orchestrator.chat.tokens_per_second", chat.TokensPerSecond);
            activity.SetTag("orchestrator.chat.time_to_first_token_ms", firstTokenMs);
            OrchestratorTracing.End(activity, chat.Outcome, chat.Outcome == ChatSummary.Error ? chat.ErrorType : null);
        }

        // A finished answer while the model runs; not the cut one of a chat that a crash or a stop ended.
        if (chat is { Outcome: ChatSummary.Done, TokensPerSecond: { } speed } && _state.Status == ModelStatus.Running)
        {
            _state = _state with { LastAnswer = new AnswerStats(Math.Round(speed, 2), chat.OutputTokens, firstTokenMs is { } ms ? Math.Round(ms, 1) : null, _time.GetUtcNow()) };
            Publish(_events.OnNextAsync(new ModelStateChanged(_state.Status, _state) { Answered = true }));
        }
    }

    /// <summary>A start that ends without a state change of its own (withdrawn while it asked for room).</summary>
    private void AbandonStartTrace() => EndTrace(ref _startActivity, "stopped");

    private static void EndTrace(ref Activity? activity, string outcome, string? error = null)
    {
        OrchestratorTracing.End(activity, outcome, error);
        activity = null;
    }
}
