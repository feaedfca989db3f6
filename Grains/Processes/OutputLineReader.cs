using System.Text;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// Reads a child's pipe from the first moment and hands over whole lines. A 64 KiB pipe that nobody reads blocks the
/// child, and <c>ReadLineAsync</c> has no length limit, so this loop keeps its own: a longer line is cut and the rest
/// of it dropped until the next newline.
/// </summary>
internal static class OutputLineReader
{
    public const string CutMarker = " …[cut]";

    public static async Task ReadLinesAsync(Stream pipe, int maxLineLength, Action<string> onLine)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        var cut = false;
        int read;
        while ((read = await pipe.ReadAsync(bytes).ConfigureAwait(false)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            for (var i = 0; i < count; i++)
            {
                var c = chars[i];
                if (c == '\n')
                {
                    Emit(line, cut, onLine);
                    cut = false;
                }
                else if (line.Length < maxLineLength)
                {
                    line.Append(c);
                }
                else
                {
                    cut = true;
                }
            }
        }

        if (line.Length > 0)
        {
            Emit(line, cut, onLine);
        }
    }

    private static void Emit(StringBuilder line, bool cut, Action<string> onLine)
    {
        if (line.Length > 0 && line[^1] == '\r')
        {
            line.Length--;
        }

        onLine(cut ? line.Append(CutMarker).ToString() : line.ToString());
        line.Clear();
    }
}
