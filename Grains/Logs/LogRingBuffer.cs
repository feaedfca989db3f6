using Orchestrator.Grains.Interfaces.Logs;

namespace Orchestrator.Grains.Logs;

/// <summary>The last N lines of a model's output. Owned by the model's grain; not thread-safe by design.</summary>
internal sealed class LogRingBuffer(int capacity)
{
    private readonly LogLine[] _lines = new LogLine[Math.Max(1, capacity)];
    private int _next;
    private int _count;

    public void Add(LogLine line)
    {
        _lines[_next] = line;
        _next = (_next + 1) % _lines.Length;
        _count = Math.Min(_count + 1, _lines.Length);
    }

    /// <summary>The newest <paramref name="count"/> lines, oldest first.</summary>
    public IReadOnlyList<LogLine> Tail(int count)
    {
        var n = Math.Clamp(count, 0, _count);
        var result = new LogLine[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = _lines[(_next - n + i + _lines.Length) % _lines.Length];
        }

        return result;
    }

    /// <summary>The newest lines whose sequence is at least <paramref name="fromSequence"/>, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<LogLine> TailSince(long fromSequence, int max) =>
        Tail(max).Where(l => l.Sequence >= fromSequence).ToList();
}
