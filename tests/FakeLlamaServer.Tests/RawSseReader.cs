using System.Text;

namespace Orchestrator.FakeLlamaServer.Tests;

/// <summary>
/// Splits a response body into events on the blank line, keeping each event's exact text, so tests can check
/// llama-server's framing byte for byte (SseParser would normalise line endings and drop what it does not know).
/// </summary>
internal sealed class RawSseReader(Stream stream)
{
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[4096];
    private readonly char[] _chars = new char[4096 + 4];

    /// <summary>Text received after the last complete event (an unterminated tail at the end of the stream).</summary>
    public string Remainder => _pending.ToString();

    /// <summary>Everything read so far, verbatim.</summary>
    public StringBuilder Raw { get; } = new();

    /// <summary>The next event's text without its "\n\n" terminator; null at the end of the stream.</summary>
    public async Task<string?> NextAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf("\n\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 2);
                return text[..end];
            }

            var read = await stream.ReadAsync(_buffer, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            var count = _decoder.GetChars(_buffer, 0, read, _chars, 0);
            _pending.Append(_chars, 0, count);
            Raw.Append(_chars, 0, count);
        }
    }

    /// <summary>The JSON payload of a "data: " event.</summary>
    public static System.Text.Json.JsonElement Data(string sseEvent)
    {
        Assert.StartsWith("data: ", sseEvent, StringComparison.Ordinal);
        return System.Text.Json.JsonDocument.Parse(sseEvent["data: ".Length..]).RootElement;
    }
}
