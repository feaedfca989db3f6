using System.Collections;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestrator.Grains.Telemetry;

namespace Orchestrator.Grains.Tests.Support;

/// <summary>
/// OpenTelemetry's in-memory exporters over the orchestrator's meter and activity source, as an application would
/// configure them. The providers see every silo of the test process: read a model's figures by its (unique) id.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly LockedList<MetricSnapshot> _metrics = new();
    private readonly LockedList<Activity> _activities = new();
    private readonly MeterProvider _meterProvider;
    private readonly TracerProvider _tracerProvider;

    /// <param name="moreSources">Activity sources to capture besides the orchestrator's (Orleans' own, say).</param>
    public TelemetryCapture(params string[] moreSources)
    {
        _meterProvider = Sdk.CreateMeterProviderBuilder().AddMeter(OrchestratorMetrics.MeterName).AddInMemoryExporter(_metrics).Build();
        _tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource([OrchestratorTracing.SourceName, .. moreSources]).AddInMemoryExporter(_activities).Build();
    }

    /// <summary>The current points of <paramref name="metric"/> whose model tag is <paramref name="model"/>.</summary>
    public IReadOnlyList<Point> Points(string metric, string? model)
    {
        _metrics.Clear();
        _meterProvider.ForceFlush();
        var snapshot = _metrics.Snapshot().LastOrDefault(m => m.Name == metric);
        return snapshot is null
            ? []
            : snapshot.MetricPoints.Select(p => Point.Of(snapshot.MetricType, p)).Where(p => model is null || Equals(p.Tag(OrchestratorMetrics.ModelTag), model)).ToList();
    }

    /// <summary>The one point of <paramref name="metric"/> for <paramref name="model"/> with these extra tags.</summary>
    public Point Single(string metric, string model) => Assert.Single(Points(metric, model));

    /// <summary>The one point of <paramref name="metric"/> for <paramref name="model"/> whose tag <paramref name="tag"/> has this value.</summary>
    public Point Single(string metric, string model, (string Key, object? Value) tag) =>
        Assert.Single(Points(metric, model), p => Equals(p.Tag(tag.Key), tag.Value));

    /// <summary>The ended activities called <paramref name="name"/> for <paramref name="model"/>.</summary>
    public IReadOnlyList<Activity> Activities(string name, string model)
    {
        _tracerProvider.ForceFlush();
        return _activities.Snapshot().Where(a => a.OperationName == name && Equals(a.GetTagItem(OrchestratorMetrics.ModelTag), model)).ToList();
    }

    /// <summary>Every ended activity captured so far, of any source.</summary>
    public IReadOnlyList<Activity> AllActivities()
    {
        _tracerProvider.ForceFlush();
        return _activities.Snapshot();
    }

    public void Dispose()
    {
        _meterProvider.Dispose();
        _tracerProvider.Dispose();
    }

    /// <summary>One metric point: its tags and its value as its kind has it.</summary>
    internal sealed record Point(IReadOnlyDictionary<string, object?> Tags, double Value, long Count)
    {
        public object? Tag(string key) => Tags.GetValueOrDefault(key);

        public static Point Of(MetricType type, MetricPoint point)
        {
            var tags = new Dictionary<string, object?>();
            foreach (var tag in point.Tags)
            {
                tags[tag.Key] = tag.Value;
            }

            return type switch
            {
                MetricType.Histogram => new Point(tags, point.GetHistogramSum(), point.GetHistogramCount()),
                MetricType.LongSum or MetricType.LongSumNonMonotonic => new Point(tags, point.GetSumLong(), 1),
                MetricType.LongGauge => new Point(tags, point.GetGaugeLastValueLong(), 1),
                MetricType.DoubleGauge => new Point(tags, point.GetGaugeLastValueDouble(), 1),
                _ => new Point(tags, point.GetSumDouble(), 1),
            };
        }
    }

    /// <summary>The exporters add from the threads that end activities; the test reads from its own.</summary>
    private sealed class LockedList<T> : ICollection<T>
    {
        private readonly List<T> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public void Add(T item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public List<T> Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public bool Contains(T item) => Snapshot().Contains(item);

        public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(T item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
