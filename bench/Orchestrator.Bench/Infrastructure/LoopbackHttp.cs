using System.Net.Http.Headers;
using System.Text;

namespace Orchestrator.Bench.Infrastructure;

/// <summary>HTTP clients for loopback servers: no proxy, pooled connections, no client-side timeout (callers bound their waits).</summary>
public static class LoopbackHttp
{
    public static HttpClient Create(Uri baseAddress, string? bearerToken = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxResponseDrainSize = 0 })
        {
            BaseAddress = baseAddress,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Sends a POST whose response is streamed: returns once the headers are in.</summary>
    public static Task<HttpResponseMessage> PostStreamingAsync(HttpClient client, string path, string json, CancellationToken cancellationToken) =>
        PostStreamingAsync(client, new Uri(path, UriKind.Relative), json, cancellationToken);

    /// <summary>Sends a POST whose response is streamed to <paramref name="uri"/> (absolute for a client without a base address).</summary>
    public static async Task<HttpResponseMessage> PostStreamingAsync(HttpClient client, Uri uri, string json, CancellationToken cancellationToken)
    {
        var path = uri.OriginalString;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = Json(json) };
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"POST {path} answered {(int)response.StatusCode}: {body}");
        }

        return response;
    }

    /// <summary>A bounded wait: the token of a source that cancels after <paramref name="timeout"/>.</summary>
    public static CancellationTokenSource Deadline(TimeSpan timeout, CancellationToken outer = default)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cts.CancelAfter(timeout);
        return cts;
    }
}
