using System.Diagnostics.Metrics;
using Catalog.Api.Metrics;

namespace Catalog.Api.Tests.Unit;

public sealed class PrometheusExporterTests
{
    [Test]
    public void Counters_histograms_and_gauges_are_written_in_the_text_format()
    {
        using var meter = new Meter("test." + Guid.NewGuid());
        using var exporter = new PrometheusExporter(meter, [0.1, 1]);
        var counter = meter.CreateCounter<long>("jobs_total", description: "Jobs done.");
        var histogram = meter.CreateHistogram<double>("job_seconds", description: "Job time.");
        meter.CreateObservableGauge("build_info", () => new Measurement<long>(1, new KeyValuePair<string, object?>("version", "1.2.3")));
        var inFlight = meter.CreateUpDownCounter<long>("jobs_running");

        counter.Add(2, new KeyValuePair<string, object?>("queue", "b"));
        counter.Add(1, new KeyValuePair<string, object?>("queue", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("queue", "a"));
        histogram.Record(0.05);
        histogram.Record(0.1);
        histogram.Record(0.5);
        histogram.Record(7);
        inFlight.Add(2);
        inFlight.Add(-1);

        Assert.That(exporter.Scrape(), Is.EqualTo(
            """
            # HELP build_info build_info
            # TYPE build_info gauge
            build_info{version="1.2.3"} 1
            # HELP job_seconds Job time.
            # TYPE job_seconds histogram
            job_seconds_bucket{le="0.1"} 2
            job_seconds_bucket{le="1"} 3
            job_seconds_bucket{le="+Inf"} 4
            job_seconds_sum 7.65
            job_seconds_count 4
            # HELP jobs_running jobs_running
            # TYPE jobs_running gauge
            jobs_running 1
            # HELP jobs_total Jobs done.
            # TYPE jobs_total counter
            jobs_total{queue="a"} 4
            jobs_total{queue="b"} 2

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Labels_are_sorted_and_escaped()
    {
        using var meter = new Meter("test." + Guid.NewGuid());
        using var exporter = new PrometheusExporter(meter, []);
        var counter = meter.CreateCounter<long>("c_total");

        counter.Add(1, new KeyValuePair<string, object?>("z", "last"), new KeyValuePair<string, object?>("a", "quote\" back\\ new\nline"));

        Assert.That(exporter.Scrape(), Does.Contain("c_total{a=\"quote\\\" back\\\\ new\\nline\",z=\"last\"} 1\n"));
    }

    [Test]
    public void Only_the_given_meter_is_exported()
    {
        using var mine = new Meter("test." + Guid.NewGuid());
        using var other = new Meter("test." + Guid.NewGuid());
        using var exporter = new PrometheusExporter(mine, []);

        other.CreateCounter<long>("theirs_total").Add(1);
        mine.CreateCounter<long>("mine_total").Add(1);

        Assert.That(exporter.Scrape(), Does.Contain("mine_total 1").And.Not.Contain("theirs_total"));
    }

    [Test]
    public void Instruments_without_measurements_are_left_out()
    {
        using var meter = new Meter("test." + Guid.NewGuid());
        using var exporter = new PrometheusExporter(meter, []);
        meter.CreateCounter<long>("idle_total");

        Assert.That(exporter.Scrape(), Is.Empty);
    }

    [TestCase(200, "2xx")]
    [TestCase(404, "4xx")]
    [TestCase(503, "5xx")]
    [TestCase(0, "other")]
    public void Status_codes_are_grouped_by_class(int status, string expected)
    {
        Assert.That(CatalogMetrics.StatusClass(status), Is.EqualTo(expected));
    }

    [TestCase("/api/v1/items/", "/api/v1/items")]
    [TestCase("/api/v1/items/{id:int}", "/api/v1/items/{id:int}")]
    [TestCase("/", "/")]
    public void Route_labels_drop_a_group_root_slash(string template, string expected)
    {
        Assert.That(RequestMetricsMiddleware.RouteLabel(template), Is.EqualTo(expected));
    }
}
