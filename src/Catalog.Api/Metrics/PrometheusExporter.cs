using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Catalog.Api.Metrics;

/// <summary>
/// Serves one <see cref="Meter"/>'s instruments in Prometheus' text exposition format (0.0.4), aggregating measurements
/// with a <see cref="MeterListener"/>. Ours because prometheus-net and OpenTelemetry's Prometheus exporter are not on
/// the package feed here; the instruments are plain System.Diagnostics.Metrics, so moving to OpenTelemetry later only
/// replaces this class.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> families = new();
    private readonly Lock scrapeLock = new();

    public PrometheusExporter(Meter meter, IReadOnlyList<double> defaultBuckets)
    {
        // Only this meter: tests host several apps in one process, each with its own meter from its own IMeterFactory.
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                subscriber.EnableMeasurementEvents(instrument, families.GetOrAdd(instrument, i => new MetricFamily(i, defaultBuckets)));
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.Start();
    }

    /// <summary>The current values of every instrument that has recorded something, families sorted by name.</summary>
    public string Scrape()
    {
        var output = new StringBuilder();
        lock (scrapeLock)
        {
            listener.RecordObservableInstruments();
            foreach (var family in families.Values.OrderBy(family => family.Name, StringComparer.Ordinal))
            {
                family.WriteTo(output);
            }
        }

        return output.ToString();
    }

    public void Dispose() => listener.Dispose();
}
