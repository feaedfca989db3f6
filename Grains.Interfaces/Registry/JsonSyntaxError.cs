using System.Text;
using System.Text.Json;

namespace Orchestrator.Grains.Interfaces.Registry;

/// <summary>Turns a <see cref="JsonException"/> into "line L, column C: reason" as an editor would show it.</summary>
internal static class JsonSyntaxError
{
    private const string PositionSuffix = " LineNumber:";

    public static string Describe(string json, JsonException error)
    {
        var reason = error.Message;
        // System.Text.Json appends its own zero-based position; drop it so the message shows one position only.
        var suffix = reason.IndexOf(PositionSuffix, StringComparison.Ordinal);
        if (suffix >= 0)
        {
            reason = reason[..suffix];
        }

        if (error.LineNumber is not { } line || error.BytePositionInLine is not { } bytes)
        {
            return reason;
        }

        return $"line {line + 1}, column {Column(json, line, bytes)}: {reason}";
    }

    /// <summary>
    /// JsonException counts lines from zero and columns in UTF-8 bytes; editors count characters from one,
    /// so a line holding "é" or a CJK name before the error would otherwise point too far right.
    /// </summary>
    private static long Column(string json, long lineNumber, long bytePosition)
    {
        var rest = json.AsSpan();
        for (long i = 0; i < lineNumber; i++)
        {
            var newline = rest.IndexOf('\n');
            if (newline < 0)
            {
                return bytePosition + 1;
            }

            rest = rest[(newline + 1)..];
        }

        var end = rest.IndexOf('\n');
        var lineBytes = Encoding.UTF8.GetBytes(end < 0 ? rest.ToString() : rest[..end].ToString());
        var count = (int)Math.Min(bytePosition, lineBytes.Length);
        return Encoding.UTF8.GetCharCount(lineBytes, 0, count) + 1L;
    }
}
