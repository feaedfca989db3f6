using Orchestrator.Grains.Chat;
using Orchestrator.Grains.Interfaces.Errors;
using Orchestrator.Grains.Interfaces.Models;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Models;

/// <summary>
/// The hang watchdog. A server can be alive in name only: a wedged process still accepts TCP connections. While
/// requests are in flight the grain probes <c>/health</c>; several misses in a row, or silence in the middle of an
/// answer, make the model Crashed("unresponsive: ...") and its process is killed. A slow but healthy model (a long
/// prompt) answers /health and has produced no token yet, so it is never killed.
/// </summary>
public sealed partial class ModelGrain
{
    private IGrainTimer? _watchdog;
    private int _missedProbes;
    private bool _probeInFlight;

    /// <summary>Runs the watchdog exactly while the model is Running with streams open.</summary>
    private void UpdateWatchdog()
    {
        var wanted = _options.WatchdogEnabled && _state.Status == ModelStatus.Running && _streams.Count > 0;
        if (wanted && _watchdog is null)
        {
            var generation = _generation;
            _missedProbes = 0;
            _watchdog = this.RegisterGrainTimer(
                () =>
                {
                    OnWatchdogTick(generation);
                    return Task.CompletedTask;
                },
                new GrainTimerCreationOptions(_options.HealthProbeInterval, _options.HealthProbeInterval) { Interleave = true });
        }
        else if (!wanted && _watchdog is not null)
        {
            _watchdog.Dispose();
            _watchdog = null;
        }
    }

    private void OnWatchdogTick(long generation)
    {
        if (generation != _generation || _state.Status != ModelStatus.Running || Dying)
        {
            return;
        }

        var stalled = _streams.Values.Where(s => s.HasProduced).Select(s => s.Silence).DefaultIfEmpty(TimeSpan.Zero).Max();
        if (stalled >= _options.GenerationStallTimeout)
        {
            Unresponsive($"an answer stopped mid-way: no output for {stalled.TotalSeconds:F0} s (Orchestrator:GenerationStallTimeout is {_options.GenerationStallTimeout})");
            return;
        }

        if (!_probeInFlight && _state.Port is { } port)
        {
            _probeInFlight = true;
            _ = HealthProbe.RunAsync(
                new Uri($"http://{_options.ServerHost}:{port}/health"),
                _options.HealthProbeTimeout,
                miss => Post(new HealthProbed(generation, miss)));
        }
    }

    private void OnHealthProbed(HealthProbed message)
    {
        _probeInFlight = false;
        if (message.Generation != _generation || _state.Status != ModelStatus.Running || Dying)
        {
            return;
        }

        _missedProbes = message.Miss is null ? 0 : _missedProbes + 1;
        if (_missedProbes >= _options.MaxMissedHealthProbes)
        {
            Unresponsive($"/health did not answer {_missedProbes} probes in a row ({message.Miss}) while requests were in flight");
        }
    }

    /// <summary>Kills a live-in-name-only server; the exit then makes the model Crashed with this reason.</summary>
    private void Unresponsive(string why)
    {
        _pendingCrash = ($"unresponsive: {why}; the server was killed", CrashKinds.Unresponsive);
        LogUnresponsive(_model.Id.Value, why);
        EndStreams(ErrorTypes.ModelCrashed, $"model \"{_model.Id}\" is {_pendingCrash.Value.Reason}");
        KillChild();
    }
}
