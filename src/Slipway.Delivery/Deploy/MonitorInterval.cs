using System.Globalization;

namespace Slipway.Delivery.Deploy;

/// <summary>One interval of Monitor: what the edge saw of the live version, and which thresholds it broke.</summary>
internal sealed record MonitorInterval
{
    public required int Number { get; init; }

    /// <summary>From the monitor's start.</summary>
    public required TimeSpan End { get; init; }

    public required long Requests { get; init; }

    public required long Errors { get; init; }

    public double? P95Milliseconds { get; init; }

    public required double Availability { get; init; }

    /// <summary>Fewer responses than the minimum: error rate and response time were not judged.</summary>
    public required bool Quiet { get; init; }

    public bool MaintenanceSeen { get; init; }

    public required IReadOnlyList<string> Breaches { get; init; }

    public bool Breached => Breaches.Count > 0;

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"[{End:hh\\:mm\\:ss}] {Requests} requests, errors {100 * ErrorRate:0.0} %, p95 {(P95Milliseconds is { } p ? $"{p:0} ms" : "n/a")}, availability {100 * Availability:0.0} %") +
        (MaintenanceSeen ? " (maintenance page up)" : string.Empty) +
        (Quiet ? " (quiet: rates not judged)" : string.Empty) +
        (Breached ? " BREACH: " + string.Join("; ", Breaches) : " ok");
}
