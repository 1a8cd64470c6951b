using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Tests.Deploy;

public class MonitorWindowTests
{
    private static readonly MonitorThresholds Thresholds = new() { MaxErrorRate = 0.02, MaxResponseTime = TimeSpan.FromMilliseconds(1500), MinAvailability = 0.99, MinimumRequests = 20 };

    [Test]
    public void An_interval_counts_only_its_own_requests_and_the_next_starts_where_it_ended()
    {
        var window = new MonitorWindow(Thresholds);
        window.AddCounters(1000, 10);
        window.AddHealth(true, false);
        window.AddCounters(1100, 11);
        window.AddLatencies([10, 20, 30]);
        var first = window.Close(TimeSpan.FromSeconds(30));
        window.AddCounters(1300, 11);
        window.AddHealth(true, false);
        var second = window.Close(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That((first.Number, first.Requests, first.Errors, first.Breached), Is.EqualTo((1, 100L, 1L, false)));
            Assert.That(first.P95Milliseconds, Is.EqualTo(30));
            Assert.That(first.Describe(), Is.EqualTo("[00:00:30] 100 requests, errors 1.0 %, p95 30 ms, availability 100.0 % ok"));
            Assert.That((second.Number, second.Requests, second.Errors), Is.EqualTo((2, 200L, 0L)), "from the last sample of the interval before");
        });
    }

    [Test]
    public void Each_threshold_breaches_on_its_own_with_its_figures()
    {
        var window = new MonitorWindow(Thresholds);
        window.AddCounters(0, 0);
        window.AddCounters(100, 3);
        window.AddLatencies(Enumerable.Range(1, 100).Select(i => i <= 90 ? 100.0 : 1600.0));
        for (var i = 0; i < 99; i++)
        {
            window.AddHealth(true, false);
        }

        window.AddHealth(false, false);
        var interval = window.Close(TimeSpan.FromSeconds(30));

        Assert.That(interval.Breaches, Is.EqualTo(new[]
        {
            "error rate 3.0 % (3 of 100) > 2 %",
            "p95 response time 1600 ms > 1500 ms",
        }), "99 % availability is at the threshold, not below it");
    }

    [Test]
    public void A_quiet_interval_is_not_judged_on_rates_but_always_on_availability_and_maintenance_counts_as_down()
    {
        var window = new MonitorWindow(Thresholds);
        window.AddCounters(0, 0);
        window.AddCounters(3, 3);
        window.AddHealth(true, true);
        window.AddHealth(true, false);
        var interval = window.Close(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(interval.Quiet, Is.True);
            Assert.That(interval.Breaches, Is.EqualTo(new[] { "availability 50.0 % < 99 %" }), "three failed requests prove nothing; the maintenance page does");
            Assert.That(interval.Describe(), Does.Contain("(maintenance page up) (quiet: rates not judged) BREACH"));
        });
    }

    [Test]
    public void An_edge_restart_resets_its_counters_without_losing_what_was_counted()
    {
        var window = new MonitorWindow(Thresholds);
        window.AddCounters(500, 0);
        window.AddCounters(600, 0);
        window.AddCounters(40, 1);
        window.AddHealth(true, false);
        var interval = window.Close(TimeSpan.FromSeconds(30));

        Assert.That((interval.Requests, interval.Errors), Is.EqualTo((140L, 1L)));
    }
}
