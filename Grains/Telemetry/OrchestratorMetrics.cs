using System.Diagnostics;
using System.Diagnostics.Metrics;
using Orchestrator.Grains.Models;

namespace Orchestrator.Grains.Telemetry;

/// <summary>
/// The orchestrator's instruments (meter <see cref="MeterName"/>), named and measured as OpenTelemetry asks: seconds,
/// bytes, <c>{token}</c>; every per-model instrument carries <see cref="ModelTag"/>. Recording is cheap (a lock-free
/// aggregation when something listens, nothing when nothing does), and happens once per chat, start or decision, never
/// per token.
/// </summary>
public sealed class OrchestratorMetrics
{
    /// <summary>The meter every instrument below belongs to.</summary>
    public const string MeterName = "Orchestrator";

    /// <summary>The model's <c>full_identifier</c>.</summary>
    public const string ModelTag = "orchestrator.model";

    /// <summary>How a chat ended: done, error or cancelled (the consumer left).</summary>
    public const string OutcomeTag = "orchestrator.chat.outcome";

    /// <summary>OpenTelemetry's attribute for the kind of error (a chat error's type).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Why a model crashed (<see cref="CrashKinds"/>); a restart carries the reason of the crash it follows.</summary>
    public const string ReasonTag = "orchestrator.crash.reason";

    /// <summary>How a wait for room ended: granted or timed_out.</summary>
    public const string QueueOutcomeTag = "orchestrator.queue.outcome";

    private const long BytesPerMb = 1024 * 1024;

    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _tokensPerSecond;
    private readonly Counter<long> _chats;
    private readonly Counter<long> _outputTokens;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _startDuration;
    private readonly Counter<long> _crashes;
    private readonly Counter<long> _restarts;
    private readonly UpDownCounter<long> _running;
    private readonly Gauge<long> _memoryInUse;
    private readonly Gauge<long> _queueLength;

    public OrchestratorMetrics(IMeterFactory meters, ModelGrainOptions options)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(options);
        var meter = meters.Create(MeterName);
        _timeToFirstToken = meter.CreateHistogram(
            "orchestrator.chat.time_to_first_token", "s", "Time from the chat's start on the silo to the first piece of its answer.",
            advice: Buckets(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60));
        _tokensPerSecond = meter.CreateHistogram(
            "orchestrator.chat.tokens_per_second", "{token}/s", "Generation speed of an answer: llama-server's own figure (timings.predicted_per_second), else measured between the first and the last piece.",
            advice: Buckets(1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 1000, 2000));
        _chats = meter.CreateCounter<long>("orchestrator.chats", "{chat}", "Chats that ended, by outcome (done, error with its type, cancelled).");
        _outputTokens = meter.CreateCounter<long>("orchestrator.chat.output_tokens", "{token}", "Tokens generated (usage.completion_tokens, else pieces received).");
        _queueWait = meter.CreateHistogram(
            "orchestrator.model.queue_wait", "s", "How long a start waited for room in the memory budget (0 when it fitted at once), by outcome.",
            advice: Buckets(0.001, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 600));
        _startDuration = meter.CreateHistogram(
            "orchestrator.model.start_duration", "s", "From launching llama-server to its ready line (the model is Running).",
            advice: Buckets(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600));
        _crashes = meter.CreateCounter<long>("orchestrator.model.crashes", "{crash}", "Models that went to Crashed, by reason.");
        _restarts = meter.CreateCounter<long>("orchestrator.model.restarts", "{restart}", "Restarts made by auto_restart, by the reason of the crash they follow.");
        _running = meter.CreateUpDownCounter<long>("orchestrator.models.running", "{model}", "Models that are Running (1 per running model).");
        _memoryInUse = meter.CreateGauge<long>("orchestrator.memory.in_use", "By", "Memory held by models that have (or are getting) a process, as the budget counts it.");
        _queueLength = meter.CreateGauge<long>("orchestrator.start_queue.length", "{start}", "Starts waiting for room.");
        if (options.MemoryBudgetMb > 0)
        {
            var budget = options.MemoryBudgetMb * BytesPerMb;
            meter.CreateObservableGauge("orchestrator.memory.budget", () => budget, "By", "The memory budget (Orchestrator:MemoryBudgetMb).");
        }
    }

    /// <summary>A chat ended; see <see cref="ChatSummary"/>.</summary>
    public void ChatEnded(string model, ChatSummary chat)
    {
        var modelTag = Model(model);
        var tags = new TagList { modelTag, { OutcomeTag, chat.Outcome } };
        if (chat.ErrorType is { } errorType)
        {
            tags.Add(ErrorTypeTag, errorType); // only on chats that failed, as OpenTelemetry's error.type asks
        }

        _chats.Add(1, tags);
        if (chat.TimeToFirstToken is { } ttft)
        {
            _timeToFirstToken.Record(ttft.TotalSeconds, modelTag);
        }

        if (chat.OutputTokens > 0)
        {
            _outputTokens.Add(chat.OutputTokens, modelTag);
        }

        if (chat.TokensPerSecond is { } speed)
        {
            _tokensPerSecond.Record(speed, modelTag);
        }
    }

    public void Started(string model, TimeSpan duration) => _startDuration.Record(duration.TotalSeconds, Model(model));

    public void RunningChanged(string model, bool running) => _running.Add(running ? 1 : -1, Model(model));

    public void Crashed(string model, string reason) => _crashes.Add(1, new(ModelTag, model), new(ReasonTag, reason));

    public void Restarted(string model, string reason) => _restarts.Add(1, new(ModelTag, model), new(ReasonTag, reason));

    public void QueueWaited(string model, TimeSpan wait, string outcome) =>
        _queueWait.Record(Math.Max(0, wait.TotalSeconds), new(ModelTag, model), new(QueueOutcomeTag, outcome));

    /// <summary>The budget's books after a change.</summary>
    public void Books(int memoryInUseMb, int queueLength)
    {
        _memoryInUse.Record(memoryInUseMb * BytesPerMb);
        _queueLength.Record(queueLength);
    }

    private static KeyValuePair<string, object?> Model(string model) => new(ModelTag, model);

    private static InstrumentAdvice<double> Buckets(params double[] boundaries) => new() { HistogramBucketBoundaries = boundaries };
}
