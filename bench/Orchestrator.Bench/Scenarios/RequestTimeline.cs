using System.Collections.Concurrent;
using System.Diagnostics;

namespace Orchestrator.Bench.Scenarios;

/// <summary>
/// The moments of one chat through the in-process silo, from the runtime's own activities: Kestrel's request activity
/// (the request is in), the upstream HttpClient activity (sent; stopped = the server's headers are in), and the client's
/// connection setup. One chat at a time: the listener sees every activity of the process.
/// </summary>
internal sealed class RequestTimeline : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<Activity, long> _started = new();

    public RequestTimeline(int upstreamPort)
    {
        _upstreamPort = upstreamPort;
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.Contains("System.Net", StringComparison.Ordinal) || source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = OnStarted,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public long Send { get; set; }

    public long ConnectStart { get; private set; }

    public long ConnectEnd { get; private set; }

    public long RequestIn { get; private set; }

    public long UpstreamSent { get; private set; }

    public long UpstreamHeaders { get; private set; }

    public long FirstToken { get; set; }

    public int UpstreamConnects { get; private set; }

    public void Reset()
    {
        Send = ConnectStart = ConnectEnd = RequestIn = UpstreamSent = UpstreamHeaders = FirstToken = 0;
        _started.Clear();
    }

    public void Dispose() => _listener.Dispose();

    // Tags (server.port) are set after an activity starts: its start is kept until it stops, and it is sorted out then.
    private bool IsUpstream(Activity activity) => activity.GetTagItem("server.port") is int port && port == _upstreamPort;

    private void OnStarted(Activity activity)
    {
        var now = Stopwatch.GetTimestamp();
        if (activity.OperationName.EndsWith("HttpRequestIn", StringComparison.Ordinal))
        {
            RequestIn = now;
        }
        else
        {
            _started[activity] = now;
        }
    }

    private void OnStopped(Activity activity)
    {
        var now = Stopwatch.GetTimestamp();
        if (!_started.TryRemove(activity, out var started))
        {
            return;
        }

        var name = activity.OperationName;
        if (name.EndsWith("HttpRequestOut", StringComparison.Ordinal) && IsUpstream(activity))
        {
            UpstreamSent = started;
            UpstreamHeaders = now;
        }
        else if (name.EndsWith("ConnectionSetup", StringComparison.Ordinal))
        {
            if (IsUpstream(activity))
            {
                UpstreamConnects++;
            }
            else
            {
                ConnectStart = started;
                ConnectEnd = now;
            }
        }
    }
}
