using System.Diagnostics;
using System.Diagnostics.Metrics;
using Catalog.Api.Status;

namespace Catalog.Api.Metrics;

/// <summary>
/// The service's instruments (System.Diagnostics.Metrics), named as they appear in Prometheus. Recording is cheap and
/// always on; <see cref="PrometheusExporter"/> aggregates and serves them at <c>/metrics</c>.
/// </summary>
internal sealed class CatalogMetrics
{
    public const string MeterName = "Catalog.Api";

    /// <summary>Prometheus' default latency buckets, in seconds.</summary>
    public static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly HashSet<string> KnownMethods =
        new(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], StringComparer.OrdinalIgnoreCase);

    private readonly Counter<long> requests;
    private readonly Histogram<double> duration;
    private readonly UpDownCounter<long> inFlight;

    public CatalogMetrics(IMeterFactory meterFactory, BuildInfo build)
    {
        Meter = meterFactory.Create(MeterName);
        requests = Meter.CreateCounter<long>(
            "catalog_http_requests_total", description: "HTTP requests completed, by method, route and status class.");
        duration = Meter.CreateHistogram<double>(
            "catalog_http_request_duration_seconds",
            unit: "s",
            description: "HTTP request duration in seconds, by method, route and status class.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        inFlight = Meter.CreateUpDownCounter<long>(
            "catalog_http_requests_in_flight", description: "HTTP requests being processed now.");
        Meter.CreateObservableGauge(
            "catalog_build_info",
            () => new Measurement<long>(
                1,
                new KeyValuePair<string, object?>("service", build.Service),
                new KeyValuePair<string, object?>("version", build.Version),
                new KeyValuePair<string, object?>("commit", build.Commit)),
            description: "Build information; the value is always 1.");
    }

    public Meter Meter { get; }

    public void RequestStarted() => inFlight.Add(1);

    /// <param name="route">The matched route template, never the raw path, so label cardinality stays bounded.</param>
    public void RequestCompleted(string method, string route, int statusCode, TimeSpan elapsed)
    {
        inFlight.Add(-1);
        var tags = new TagList
        {
            { "method", KnownMethods.Contains(method) ? method.ToUpperInvariant() : "OTHER" },
            { "route", route },
            { "status_class", StatusClass(statusCode) },
        };
        requests.Add(1, tags);
        duration.Record(elapsed.TotalSeconds, tags);
    }

    internal static string StatusClass(int statusCode) =>
        statusCode is >= 100 and <= 599 ? $"{statusCode / 100}xx" : "other";
}
