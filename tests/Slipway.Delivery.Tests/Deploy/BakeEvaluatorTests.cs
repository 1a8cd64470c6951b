using Slipway.Delivery.Deploy;

namespace Slipway.Delivery.Tests.Deploy;

public class BakeEvaluatorTests
{
    private static readonly BakeThresholds Defaults = new() { MaxErrorRate = 0.05, MaxP95Latency = TimeSpan.FromSeconds(2), MinimumRequests = 20, Window = TimeSpan.FromSeconds(10) };

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Test]
    public void A_healthy_version_passes_with_its_totals()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddCounters(S(0), 1000, 3);
        bake.AddCounters(S(1), 1200, 4);
        bake.AddCounters(S(2), 1400, 5);
        bake.AddLatencies(S(2), Enumerable.Range(1, 100).Select(i => (double)i));

        var verdict = bake.Evaluate(S(2));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Breached, Is.False);
            Assert.That(verdict.Responses, Is.EqualTo(400), "counted from the switch, not since the edge started");
            Assert.That(verdict.Errors, Is.EqualTo(2));
            Assert.That(verdict.P95Milliseconds, Is.EqualTo(95));
        });
    }

    [Test]
    public void A_5xx_rate_above_the_threshold_breaches_with_its_numbers()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddCounters(S(0), 0, 0);
        bake.AddCounters(S(0.5), 48, 48);

        var verdict = bake.Evaluate(S(0.5));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Breached, Is.True);
            Assert.That(verdict.Reason, Is.EqualTo("5xx rate 100.0 % (48 of 48 responses in the last 0.5 s) > 5.0 %"));
        });
    }

    [Test]
    public void Too_few_requests_are_not_judged()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddCounters(S(0), 0, 0);
        bake.AddCounters(S(1), 10, 10);

        Assert.That(bake.Evaluate(S(1)).Breached, Is.False);
    }

    [Test]
    public void The_sliding_window_catches_a_version_that_fails_late_in_a_long_bake()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddCounters(S(0), 0, 0);
        bake.AddCounters(S(50), 10_000, 0);
        bake.AddCounters(S(55), 10_100, 100);

        var verdict = bake.Evaluate(S(55));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Breached, Is.True, "1 % over the whole bake, but 100 % in the last 10 s");
            Assert.That(verdict.Reason, Does.Contain("100 of 100 responses in the last 5.0 s"));
        });
    }

    [Test]
    public void Counters_reset_by_an_edge_restart_carry_over()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddCounters(S(0), 500, 0);
        bake.AddCounters(S(1), 600, 0);
        bake.AddCounters(S(2), 30, 0);

        var verdict = bake.Evaluate(S(2));

        Assert.Multiple(() =>
        {
            Assert.That(verdict.Breached, Is.False);
            Assert.That(verdict.Responses, Is.EqualTo(130));
        });
    }

    [Test]
    public void A_version_the_edge_marks_down_breaches_whatever_the_counters_say()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddCounters(S(0), 0, 0);
        bake.AddHealth(up: true, "green up");
        bake.AddHealth(up: false, "green 127.0.0.1:28101 Ready down (DOWN, last check L7STS)");

        var verdict = bake.Evaluate(S(1));

        Assert.That(verdict.Reason, Does.StartWith("readiness failed").And.Contains("L7STS"));
    }

    [Test]
    public void A_slow_p95_breaches_once_the_window_holds_enough_requests()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddLatencies(S(1), Enumerable.Repeat(2500.0, 19));
        var early = bake.Evaluate(S(1));
        bake.AddLatencies(S(2), Enumerable.Repeat(100.0, 1).Concat(Enumerable.Repeat(2500.0, 10)));

        var verdict = bake.Evaluate(S(2));

        Assert.Multiple(() =>
        {
            Assert.That(early.Breached, Is.False, "19 requests are too few to judge");
            Assert.That(verdict.Reason, Is.EqualTo("p95 response time 2500 ms (over 30 requests in the last 10 s) > 2000 ms"));
        });
    }

    [Test]
    public void Old_latencies_leave_the_window()
    {
        var bake = new BakeEvaluator(Defaults);
        bake.AddLatencies(S(1), Enumerable.Repeat(5000.0, 50));
        bake.AddLatencies(S(20), Enumerable.Repeat(10.0, 50));

        Assert.That(bake.Evaluate(S(20)).Breached, Is.False);
    }

    [TestCase(0.95, 95)]
    [TestCase(0.5, 50)]
    [TestCase(1.0, 100)]
    public void Percentiles_are_nearest_rank(double fraction, double expected)
    {
        Assert.That(BakeEvaluator.Percentile([.. Enumerable.Range(1, 100).Select(i => (double)i).Reverse()], fraction), Is.EqualTo(expected));
    }
}
