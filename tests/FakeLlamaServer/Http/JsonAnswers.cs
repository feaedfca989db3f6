namespace FakeLlamaServer.Http;

/// <summary>Whole JSON answers with llama-server's content type and a Content-Length.</summary>
internal static class JsonAnswers
{
    public const string ContentType = "application/json; charset=utf-8";

    public static byte[] Ok { get; } = JsonText.Build(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", "ok");
        w.WriteEndObject();
    });

    /// <summary>server-http.cpp's middleware_server_state answer for every request while the model loads.</summary>
    public static byte[] Loading { get; } = JsonText.HttpLayerError("Loading model", "unavailable_error", 503);

    /// <summary>server-http.cpp's error handler for a path without a route.</summary>
    public static byte[] NotFound { get; } = JsonText.HttpLayerError("File Not Found", "not_found_error", 404);

    public static async Task WriteAsync(HttpResponse response, int status, byte[] body, CancellationToken cancellationToken)
    {
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }
}
