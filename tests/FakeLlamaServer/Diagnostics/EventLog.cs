using System.Buffers;
using System.Text.Json;

namespace FakeLlamaServer.Diagnostics;

/// <summary>
/// The scenario's events_file: one JSON line per notable event, {"event":..,"at_unix_us":..,"pid":..}.
/// Each line is opened, appended and closed, so a test can read the file at any moment and see whole lines.
/// </summary>
internal sealed class EventLog(string? path)
{
    public const string Ready = "ready";
    public const string RequestStarted = "request_started";
    public const string RequestCompleted = "request_completed";
    public const string ClientDisconnected = "client_disconnected";
    public const string SigTerm = "sigterm";
    public const string SigInt = "sigint";

    // Requests on several threads append at once; one writer at a time keeps lines whole.
    private readonly Lock _gate = new();

    /// <summary>Microseconds since the Unix epoch, from the wall clock (comparable across processes).</summary>
    public static long NowUnixMicroseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    public void Write(string name, long? atUnixMicroseconds = null)
    {
        if (path is null)
        {
            return;
        }

        var at = atUnixMicroseconds ?? NowUnixMicroseconds();
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", name);
            json.WriteNumber("at_unix_us", at);
            json.WriteNumber("pid", Environment.ProcessId);
            json.WriteEndObject();
        }

        lock (_gate)
        {
            using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            file.Write(buffer.WrittenSpan);
            file.WriteByte((byte)'\n');
        }
    }
}
