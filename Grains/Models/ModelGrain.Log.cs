using Microsoft.Extensions.Logging;
using Orchestrator.Grains.Interfaces.Models;

namespace Orchestrator.Grains.Models;

public sealed partial class ModelGrain
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Model {ModelId}: {Previous} -> {Status} {Reason}")]
    private partial void LogStateChanged(string modelId, ModelStatus previous, ModelStatus status, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Model {ModelId}: server process {Pid} spawned")]
    private partial void LogSpawned(string modelId, int pid);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Model {ModelId}: server {Pid} did not exit after SIGTERM; killing its process tree")]
    private partial void LogKilledAfterTimeout(string modelId, int pid);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Model {ModelId} is unresponsive and will be killed: {Why}")]
    private partial void LogUnresponsive(string modelId, string why);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "Model {ModelId}: handling {Event} failed")]
    private partial void LogEventFailed(string modelId, string @event, Exception error);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Model {ModelId}: an event could not be published")]
    private partial void LogPublishFailed(string modelId, Exception error);
}
