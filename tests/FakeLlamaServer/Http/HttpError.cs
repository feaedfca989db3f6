namespace FakeLlamaServer.Http;

/// <summary>An error answered as llama-server's format_error_response body: {"error":{"code","message","type"}}.</summary>
internal sealed class HttpError : Exception
{
    public HttpError()
    {
    }

    public HttpError(string message)
        : base(message)
    {
    }

    public HttpError(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HttpError(int code, string message, string type)
        : base(message)
    {
        Code = code;
        Type = type;
    }

    public int Code { get; } = 500;

    public string Type { get; } = "server_error";
}
