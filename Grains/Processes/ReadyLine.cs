using System.Globalization;
using System.Text.RegularExpressions;

namespace Orchestrator.Grains.Processes;

/// <summary>
/// Recognises llama-server's own "ready" line. It is printed after the model loaded, and with <c>--port 0</c> it is the
/// only place the real port shows: <c>main: server is listening on http://127.0.0.1:PORT</c>. Older builds print
/// <c>HTTP server is listening, hostname: H, port: P</c>.
/// </summary>
internal static partial class ReadyLine
{
    public static bool TryParse(string line, out int port)
    {
        port = 0;
        if (!line.Contains("listening", StringComparison.Ordinal))
        {
            return false;
        }

        var match = CurrentFormat().Match(line);
        if (!match.Success)
        {
            match = OlderFormat().Match(line);
        }

        return match.Success && int.TryParse(match.Groups["port"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port > 0;
    }

    [GeneratedRegex(@"server is listening on https?://(?:\[[^\]]*\]|[^\s/:]+):(?<port>\d{1,5})")]
    private static partial Regex CurrentFormat();

    [GeneratedRegex(@"HTTP server is listening, hostname: \S+, port: (?<port>\d{1,5})")]
    private static partial Regex OlderFormat();
}
