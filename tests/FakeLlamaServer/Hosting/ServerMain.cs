using System.Net.Sockets;
using FakeLlamaServer.CommandLine;
using FakeLlamaServer.Diagnostics;
using FakeLlamaServer.Generation;
using FakeLlamaServer.Http;
using FakeLlamaServer.Scenarios;

namespace FakeLlamaServer.Hosting;

/// <summary>
/// The order of tools/server/server.cpp main(): info lines, bind the HTTP port (so /health answers 503 while
/// loading), load the model, mark ready and print the ready lines, then serve until a signal ends it.
/// </summary>
internal static class ServerMain
{
    private const int TrainedContext = 4096;

    public static async Task<int> RunAsync(ServerOptions options, ServerLog log)
    {
        var slotCount = options.Parallel < 0 ? 4 : options.Parallel;
        if (options.Parallel < 0)
        {
            log.ParallelAuto();
        }

        log.BuildAndSystemInfo(options);
        log.HttpInit(slotCount, options.WebUi);
        if (options.ModelPath is not string modelPath)
        {
            log.Line("FakeLlamaServer: router mode (no --model) is not emulated");
            return 1;
        }

        var model = ModelFile.Open(modelPath);
        var scenario = model.Scenario ?? new Scenario();
        var events = new EventLog(scenario.EventsFile);
        var state = new ServerState();
        HttpHost? http = null;
        // After a first SIGTERM with requests in flight, llama-server closes its listening socket and waits.
        using var signals = new SignalHandler(state, events, log, scenario.IgnoreSigtermInFlight, () => _ = http?.StopAsync());

        var modelName = options.Aliases.Count > 0 ? options.Aliases.Min! : Path.GetFileName(modelPath);
        var chat = new ChatEndpoint(
            modelName, new ScriptedCompletion(scenario, state, Console.Error), new SlotPool(slotCount), state, events, log);
        // Built on first use: nothing that a start-up does not need runs before ready.
        var models = new Lazy<byte[]>(() =>
            ModelsJson.Build(modelName, options.Aliases, File.Exists(modelPath) ? new FileInfo(modelPath).Length : 0));
        var dispatcher = new RequestDispatcher(state, log, chat, models);

        log.Binding(HttpHost.IsUnixSocket(options.Host));
        try
        {
            http = await HttpHost.StartAsync(options.Host, options.Port, dispatcher.HandleAsync);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            log.BindFailed(options.Host, options.Port);
            return 1;
        }

        log.LoadingModel(modelPath);
        if (await LoadAsync(model, modelPath, scenario, log) is int failed)
        {
            return failed;
        }

        var context = options.ContextSize > 0 ? options.ContextSize : TrainedContext;
        // With auto slots llama-server uses one unified KV cache: each slot may use the whole context.
        log.ModelInitialised(slotCount, options.Parallel < 0 ? context : context / slotCount);

        var listening = http.ListeningAddress(options.Host);
        // The ready instant is taken right before the ready lines, as llama-server prints them right after it is ready;
        // the events file is written after, so its I/O does not delay the lines that readiness detection reads.
        var readyAt = EventLog.NowUnixMicroseconds();
        state.MarkReady();
        log.Ready(listening);
        events.Write(EventLog.Ready, readyAt);
        return await state.Exited;
    }

    /// <summary>The simulated load; an exit code when it fails, null when the model is loaded.</summary>
    private static async Task<int?> LoadAsync(ModelFile model, string path, Scenario scenario, ServerLog log)
    {
        if (model.OpenError is string strerror)
        {
            log.ModelOpenFailed(path, strerror);
            return 1;
        }

        if (model.ScenarioError is string invalid)
        {
            log.Line($"FakeLlamaServer: invalid scenario in '{path}': {invalid}");
            log.ModelLoadFailed(path);
            return 1;
        }

        if (scenario.LoadMs > 0)
        {
            await Task.Delay(scenario.LoadMs);
        }

        if (scenario.HangAtLoad)
        {
            await Task.Delay(Timeout.Infinite);
        }

        if (scenario.ExitAtLoadCode is int code)
        {
            if (scenario.ExitAtLoadMessage is string message)
            {
                log.Line(message);
            }

            return code;
        }

        return null;
    }
}
