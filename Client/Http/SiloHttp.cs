using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Orchestrator.Client.Http;

/// <summary>
/// The HTTP side of the client: one <see cref="HttpClient"/> to the silo with its bearer token, errors mapped in one place
/// (problem details to typed exceptions, a refused connection to <see cref="SiloUnavailableException"/>).
/// </summary>
internal sealed class SiloHttp : IDisposable
{
    private readonly HttpClient _http;

    public SiloHttp(Uri baseAddress, string token, HttpMessageHandler? handler)
    {
        BaseAddress = baseAddress;
        // Infinite: a start waits for the model to load and streams run for as long as they run; callers cancel.
        _http = new HttpClient(handler ?? CreateHandler(), disposeHandler: true) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public Uri BaseAddress { get; }

    /// <summary>Sends the request; returns the response only when it succeeded, else throws the mapped error.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, string? modelId, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw SiloUnavailableException.NotAnswering(BaseAddress, e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await ProblemMapper.ReadAsync(response, modelId, cancellationToken);
        }
    }

    /// <summary>Sends a bodiless request and reads a JSON answer.</summary>
    public async Task<T> ReadJsonAsync<T>(HttpMethod method, string path, string? modelId, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, modelId, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync(typeInfo, cancellationToken)
                ?? throw new SiloRequestException("invalid-response", (int)response.StatusCode, null, $"{method} {path} answered null.");
        }
        catch (HttpRequestException e)
        {
            throw SiloUnavailableException.StreamBroken(BaseAddress, e);
        }
    }

    public void Dispose() => _http.Dispose();

    private static SocketsHttpHandler CreateHandler() => new()
    {
        UseProxy = false, // the silo is on loopback; a proxy from the environment must not see its token
        // Disposing a stream's response closes the connection at once, rather than draining it first (up to 1 MiB or 2 s),
        // so the silo sees the client leave and frees the model's slot.
        MaxResponseDrainSize = 0,
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };
}
