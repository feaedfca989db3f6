using FakeLlamaServer.Diagnostics;
using FakeLlamaServer.Hosting;

namespace FakeLlamaServer.Http;

/// <summary>
/// The one request delegate: llama-server's pre-routing middleware (CORS header, 503 while loading for every
/// path), its routes, its 404 and its request log line. No ASP.NET routing: less to start up.
/// </summary>
internal sealed class RequestDispatcher(ServerState state, ServerLog log, ChatEndpoint chat, Lazy<byte[]> models)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        try
        {
            if (state.IsFrozen)
            {
                // Wedged: the connection is accepted, nothing is ever answered.
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }

            response.Headers.Server = "llama.cpp";
            response.Headers.AccessControlAllowOrigin = request.Headers.Origin;
            if (HttpMethods.IsOptions(request.Method))
            {
                response.Headers.AccessControlAllowCredentials = "true";
                response.Headers.AccessControlAllowMethods = "GET, POST";
                response.Headers.AccessControlAllowHeaders = "*";
                response.ContentType = "text/html";
                return;
            }

            if (!state.IsReady)
            {
                await JsonAnswers.WriteAsync(response, 503, JsonAnswers.Loading, context.RequestAborted);
                return;
            }

            await RouteAsync(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        finally
        {
            if (!IsQuietPath(request.Path))
            {
                log.RequestDone(request.Method, request.Path, context.Connection.RemoteIpAddress?.ToString() ?? "", response.StatusCode);
            }
        }
    }

    private Task RouteAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        var isGet = HttpMethods.IsGet(context.Request.Method);
        var isPost = HttpMethods.IsPost(context.Request.Method);
        return path switch
        {
            "/health" or "/v1/health" when isGet => JsonAnswers.WriteAsync(context.Response, 200, JsonAnswers.Ok, context.RequestAborted),
            "/models" or "/v1/models" when isGet => JsonAnswers.WriteAsync(context.Response, 200, models.Value, context.RequestAborted),
            "/chat/completions" or "/v1/chat/completions" when isPost => chat.HandleAsync(context),
            _ => JsonAnswers.WriteAsync(context.Response, 404, JsonAnswers.NotFound, context.RequestAborted),
        };
    }

    // log_server_request skips the endpoints that are polled, to keep the log readable.
    private static bool IsQuietPath(PathString path) =>
        path.Value is "/health" or "/v1/health" or "/models" or "/v1/models" or "/props" or "/metrics";
}
