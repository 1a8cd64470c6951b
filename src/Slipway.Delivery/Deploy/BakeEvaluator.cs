using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// Judges a new version during its bake from what the edge reports about its slot: HAProxy's cumulative per-server
/// counters (sampled), its health state, and per-request response times from the access log. Pure: the monitor feeds
/// it observations with the time since the switch, so every rule is unit-tested.
/// </summary>
internal sealed class BakeEvaluator(BakeThresholds thresholds)
{
    private readonly List<(TimeSpan At, long Total, long Errors)> counters = [];
    private readonly List<(TimeSpan At, double Milliseconds)> latencies = [];
    private readonly List<double> allLatencies = [];
    private readonly EdgeCounters edgeCounters = new();
    private long responses;
    private long errors;
    private string? downReason;

    public BakeThresholds Thresholds { get; } = thresholds ?? throw new ArgumentNullException(nameof(thresholds));

    /// <summary>
    /// Counters of the slot since the edge started. A drop means the edge restarted (counters reset to zero): what was
    /// counted before carries over and counting goes on from the new values.
    /// </summary>
    public void AddCounters(TimeSpan at, long total, long errorCount)
    {
        var (carriedTotal, carriedErrors) = edgeCounters.Add(total, errorCount);
        counters.Add((at, carriedTotal, carriedErrors));
        responses = counters[^1].Total - counters[0].Total;
        errors = counters[^1].Errors - counters[0].Errors;
    }

    /// <summary>The slot's health: a version the edge's checks mark down is broken whatever the counters say.</summary>
    public void AddHealth(bool up, string description)
    {
        if (!up)
        {
            downReason ??= $"readiness failed: the edge marked the new version down ({description})";
        }
    }

    public void AddLatencies(TimeSpan at, IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        foreach (var value in milliseconds)
        {
            latencies.Add((at, value));
            allLatencies.Add(value);
        }
    }

    public BakeVerdict Evaluate(TimeSpan now)
    {
        var reason = downReason ?? ErrorRateBreach(now) ?? LatencyBreach(now);
        return new BakeVerdict
        {
            Breached = reason is not null,
            Reason = reason,
            Elapsed = now,
            Responses = responses,
            Errors = errors,
            P95Milliseconds = allLatencies.Count > 0 ? Percentile(allLatencies, 0.95) : null,
            LatencySamples = allLatencies.Count,
        };
    }

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double fraction)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("No values.", nameof(values));
        }

        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private string? ErrorRateBreach(TimeSpan now)
    {
        if (counters.Count < 2)
        {
            return null;
        }

        // The oldest sample inside the window (never the newest itself); failing that, the newest one before it.
        var windowStart = now - Thresholds.Window;
        var last = counters[^1];
        var inside = counters.FindIndex(c => c.At >= windowStart);
        var start = inside >= 0 && inside < counters.Count - 1 ? counters[inside] : counters[Math.Max(0, (inside < 0 ? counters.Count : inside) - 1)];
        var total = last.Total - start.Total;
        var failed = last.Errors - start.Errors;
        if (total < Thresholds.MinimumRequests || total == 0)
        {
            return null;
        }

        var rate = (double)failed / total;
        return rate > Thresholds.MaxErrorRate
            ? string.Create(CultureInfo.InvariantCulture,
                $"5xx rate {100 * rate:0.0} % ({failed} of {total} responses in the last {(last.At - start.At).TotalSeconds:0.0} s) > {100 * Thresholds.MaxErrorRate:0.0} %")
            : null;
    }

    private string? LatencyBreach(TimeSpan now)
    {
        var windowStart = now - Thresholds.Window;
        var recent = latencies.Where(l => l.At >= windowStart).Select(l => l.Milliseconds).ToList();
        if (recent.Count < Thresholds.MinimumRequests)
        {
            return null;
        }

        var p95 = Percentile(recent, 0.95);
        return p95 > Thresholds.MaxP95Latency.TotalMilliseconds
            ? string.Create(CultureInfo.InvariantCulture,
                $"p95 response time {p95:0} ms (over {recent.Count} requests in the last {Thresholds.Window.TotalSeconds:0} s) > {Thresholds.MaxP95Latency.TotalMilliseconds:0} ms")
            : null;
    }
}
