using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Gathers one Monitor interval from samples of the edge — cumulative counters of both slots (<see cref="EdgeCounters"/>),
/// whether the live version was in rotation and passing, response times from the access log — and closes it into a
/// judged <see cref="MonitorInterval"/>. Pure: every rule is unit-tested with made-up samples.
/// </summary>
internal sealed class MonitorWindow(MonitorThresholds thresholds)
{
    private readonly List<double> latencies = [];
    private readonly EdgeCounters counters = new();
    private (long Total, long Errors)? baseline;
    private (long Total, long Errors)? last;
    private int samples;
    private int availableSamples;
    private bool maintenanceSeen;
    private int number;

    public void AddCounters(long total, long errors)
    {
        last = counters.Add(total, errors);
        baseline ??= last;
    }

    /// <summary>One availability sample: the live version in rotation and passing its checks, with no maintenance page up.</summary>
    public void AddHealth(bool liveServing, bool maintenance)
    {
        samples++;
        maintenanceSeen |= maintenance;
        if (liveServing && !maintenance)
        {
            availableSamples++;
        }
    }

    public void AddLatencies(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        latencies.AddRange(milliseconds);
    }

    /// <summary>Judges the interval so far and starts the next from where this one ended.</summary>
    public MonitorInterval Close(TimeSpan end)
    {
        var requests = last?.Total - baseline?.Total ?? 0;
        var errors = last?.Errors - baseline?.Errors ?? 0;
        var availability = samples == 0 ? 0 : (double)availableSamples / samples;
        var quiet = requests < thresholds.MinimumRequests;
        double? p95 = latencies.Count > 0 ? BakeEvaluator.Percentile(latencies, 0.95) : null;
        var breaches = new List<string>();
        if (!quiet && (double)errors / requests > thresholds.MaxErrorRate)
        {
            breaches.Add(string.Create(CultureInfo.InvariantCulture,
                $"error rate {100.0 * errors / requests:0.0} % ({errors} of {requests}) > {100 * thresholds.MaxErrorRate:0.##} %"));
        }

        if (p95 is { } p && latencies.Count >= thresholds.MinimumRequests && p > thresholds.MaxResponseTime.TotalMilliseconds)
        {
            breaches.Add(string.Create(CultureInfo.InvariantCulture, $"p95 response time {p:0} ms > {thresholds.MaxResponseTime.TotalMilliseconds:0} ms"));
        }

        if (availability < thresholds.MinAvailability)
        {
            breaches.Add(string.Create(CultureInfo.InvariantCulture, $"availability {100 * availability:0.0} % < {100 * thresholds.MinAvailability:0.##} %"));
        }

        var interval = new MonitorInterval
        {
            Number = ++number,
            End = end,
            Requests = requests,
            Errors = errors,
            P95Milliseconds = p95,
            Availability = availability,
            Quiet = quiet,
            MaintenanceSeen = maintenanceSeen,
            Breaches = breaches,
        };
        baseline = last;
        samples = availableSamples = 0;
        maintenanceSeen = false;
        latencies.Clear();
        return interval;
    }
}
