namespace Orchestrator.TestSupport;

/// <summary>One line of a FakeLlamaServer events file.</summary>
/// <param name="Name">ready, request_started, request_completed, client_disconnected, sigterm or sigint.</param>
/// <param name="AtUnixMicroseconds">Wall-clock time of the event, microseconds since the Unix epoch.</param>
/// <param name="Pid">The fake process that wrote it.</param>
public sealed record FakeEvent(string Name, long AtUnixMicroseconds, int Pid)
{
    public const string Ready = "ready";
    public const string RequestStarted = "request_started";
    public const string RequestCompleted = "request_completed";
    public const string ClientDisconnected = "client_disconnected";
    public const string SigTerm = "sigterm";
    public const string SigInt = "sigint";

    public DateTimeOffset At => DateTimeOffset.UnixEpoch.AddTicks(AtUnixMicroseconds * TimeSpan.TicksPerMicrosecond);
}
