using System.Text;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// Reads a child's pipe from the first moment and hands over whole lines. A 64 KiB pipe that nobody reads blocks the
/// child, and <c>ReadLineAsync</c> has no length limit, so this loop keeps its own: a longer line is cut and the rest
/// of it dropped until the next newline.
/// The reads block: on Unix a pipe's ReadAsync is a blocking read on a thread-pool thread, and two of those per child
/// starved the pool (seen: the ready line handed over 0.5-0.9 s late). Callers run this on a dedicated thread.
/// </summary>
internal static class OutputLineReader
{
    public const string CutMarker = " …[cut]";

    /// <summary>Reads <paramref name="pipe"/> to its end on a thread of its own.</summary>
    public static Task ReadLinesOnOwnThread(Stream pipe, int maxLineLength, Action<string> onLine) =>
        Task.Factory.StartNew(() => ReadLines(pipe, maxLineLength, onLine), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public static void ReadLines(Stream pipe, int maxLineLength, Action<string> onLine)
    {
        var decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        var cut = false;
        int read;
        while ((read = pipe.Read(bytes)) > 0)
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
