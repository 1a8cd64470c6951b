using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>What Monitor holds the live version to in every interval (seed 004's defaults: 5 %, 2000 ms, 95 %).</summary>
internal sealed record MonitorThresholds
{
    /// <summary>Share of 5xx and broken responses above which an interval breaches.</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>95th percentile of the server response time above which an interval breaches.</summary>
    public TimeSpan MaxResponseTime { get; init; } = TimeSpan.FromMilliseconds(2000);

    /// <summary>Share of the interval's samples in which the edge had the live version in rotation and passing its checks (and no maintenance page up).</summary>
    public double MinAvailability { get; init; } = 0.95;

    /// <summary>Responses an interval needs before its error rate and response time are judged (availability always is).</summary>
    public int MinimumRequests { get; init; } = 20;

    public IEnumerable<string> Problems()
    {
        if (MaxErrorRate is < 0 or > 1 || double.IsNaN(MaxErrorRate))
        {
            yield return $"--max-error-rate ({MaxErrorRate.ToString(CultureInfo.InvariantCulture)}) must be between 0 and 100 %, e.g. 2%.";
        }

        if (MaxResponseTime <= TimeSpan.Zero)
        {
            yield return "--max-response-time must be positive, e.g. 1500ms.";
        }

        if (MinAvailability is < 0 or > 1 || double.IsNaN(MinAvailability))
        {
            yield return $"--min-availability ({MinAvailability.ToString(CultureInfo.InvariantCulture)}) must be between 0 and 100 %, e.g. 99%.";
        }
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"errors <= {100 * MaxErrorRate:0.##} %, p95 <= {MaxResponseTime.TotalMilliseconds:0} ms, availability >= {100 * MinAvailability:0.##} % (rates judged from {MinimumRequests} responses)");
}
