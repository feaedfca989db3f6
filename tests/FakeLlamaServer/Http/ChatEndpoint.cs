using FakeLlamaServer.Diagnostics;
using FakeLlamaServer.Generation;
using FakeLlamaServer.Hosting;

namespace FakeLlamaServer.Http;

/// <summary>POST /v1/chat/completions: waits for a slot, runs the scripted completion, streams or answers it.</summary>
internal sealed class ChatEndpoint(
    string model, ScriptedCompletion completion, SlotPool slots, ServerState state, EventLog events, ServerLog log)
{
    private int _nextTask;

    public async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        ChatRequest request;
        try
        {
            request = await ChatRequest.ReadAsync(context.Request.Body, aborted);
        }
        catch (HttpError e)
        {
            await JsonAnswers.WriteAsync(context.Response, e.Code, JsonText.Error(e.Code, e.Message, e.Type), aborted);
            return;
        }

        state.RequestStarted();
        events.Write(EventLog.RequestStarted);
        int? slot = null;
        try
        {
            slot = await slots.AcquireAsync(aborted);
            var task = Interlocked.Increment(ref _nextTask) - 1;
            log.SlotLaunched(slot.Value, task);

            var json = new ChatJson(model);
            IChatOutput output = request.Stream
                ? new StreamingChatOutput(context.Response, json, request.IncludeUsage)
                : new BufferedChatOutput(context.Response, json);
            var result = await completion.RunAsync(request.PromptTokens, request.MaxTokens, output.WriteTokenAsync, aborted);
            if (result.Error is not null)
            {
                log.TaskError(task, result.Error);
            }

            await output.CompleteAsync(result, aborted);
            log.SlotReleased(slot.Value, task, result.Timings);
            events.Write(EventLog.RequestCompleted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client closed the connection: llama-server cancels the task and frees the slot.
            events.Write(EventLog.ClientDisconnected);
        }
        finally
        {
            if (slot is int id && slots.Release(id))
            {
                log.AllSlotsIdle();
            }

            state.RequestEnded();
        }
    }
}
