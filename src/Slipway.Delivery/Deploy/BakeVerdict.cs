using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>How the new version did in its bake: the totals since the switch and, on a breach, what breached with its numbers.</summary>
internal sealed record BakeVerdict
{
    public required bool Breached { get; init; }

    /// <summary>The breach in words with its numbers, e.g. <c>5xx rate 100.0 % (48 of 48 responses in the last 10 s) &gt; 5.0 %</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>The window ended with fewer responses than a judgement needs (a canary step on a quiet service).</summary>
    public bool Inconclusive { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required long Responses { get; init; }

    public required long Errors { get; init; }

    /// <summary>95th percentile of the server response time over the whole bake, when the access log gave samples.</summary>
    public double? P95Milliseconds { get; init; }

    public int LatencySamples { get; init; }

    public string DescribeTotals() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Responses} responses, {Errors} errors ({(Responses == 0 ? 0 : 100.0 * Errors / Responses):0.0} %), p95 {(P95Milliseconds is { } p ? $"{p:0} ms" : "n/a")} over {Elapsed.TotalSeconds:0.0} s");
}
