using System.Net.Sockets;
using System.Text;

namespace Orchestrator.SiloTestSupport;

/// <summary>Sends a request target byte for byte: HttpClient repairs bad percent-encoding before it sends.</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string ContentType, string Body)> SendAsync(Uri baseAddress, string method, string rawTarget, string token)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = client.GetStream();
        var request = $"{method} {rawTarget} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {token}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var head = response[..response.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        var status = int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var contentType = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?.Split(':', 2)[1].Trim() ?? "";
        var body = response[(head.Length + 4)..];
        // Chunked framing around a small body: keep the JSON object only.
        var start = body.IndexOf('{', StringComparison.Ordinal);
        var end = body.LastIndexOf('}');
        return (status, contentType, start >= 0 && end > start ? body[start..(end + 1)] : body);
    }
}
