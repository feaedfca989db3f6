using System.Runtime.InteropServices;
using FakeLlamaServer.Diagnostics;
using FakeLlamaServer.Native;

namespace FakeLlamaServer.Hosting;

/// <summary>
/// SIGTERM/SIGINT as llama-server handles them (tools/server/server.cpp): its handlers are installed only after
/// the model loaded, so during loading the signal kills the process. Once ready, the first signal stops the main
/// loop and the process exits 0 when no request is in flight; with one in flight it waits for the client to go;
/// a second signal prints a line and exits 1 at once.
/// </summary>
internal sealed class SignalHandler : IDisposable
{
    private readonly ServerState _state;
    private readonly EventLog _events;
    private readonly ServerLog _log;
    private readonly bool _waitForInFlight;
    private readonly Action _stopAccepting;
    private readonly PosixSignalRegistration _term;
    private readonly PosixSignalRegistration _interrupt;
    private int _received;

    public SignalHandler(ServerState state, EventLog events, ServerLog log, bool waitForInFlight, Action stopAccepting)
    {
        _state = state;
        _events = events;
        _log = log;
        _waitForInFlight = waitForInFlight;
        _stopAccepting = stopAccepting;
        _term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle);
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle);
    }

    public void Dispose()
    {
        _term.Dispose();
        _interrupt.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        // The runtime's own default (a graceful shutdown) is not llama-server's behaviour.
        context.Cancel = true;
        var isTerm = context.Signal == PosixSignal.SIGTERM;
        _events.Write(isTerm ? EventLog.SigTerm : EventLog.SigInt);

        if (!_state.IsReady)
        {
            LibC.DieBySignal(isTerm ? LibC.SigTerm : LibC.SigInt);
            return;
        }

        if (Interlocked.Increment(ref _received) > 1)
        {
            _log.SecondInterrupt();
            _state.RequestExit(1);
            return;
        }

        _log.CleaningUp();
        if (_state.IsFrozen)
        {
            // A wedged main loop never returns to clean up: only the second signal's exit(1) gets out.
            return;
        }

        if (!_waitForInFlight)
        {
            _state.RequestExit(0);
            return;
        }

        _state.HaltAndExitWhenDrained();
        _stopAccepting();
    }
}
