namespace Slipway.Delivery.Deploy;

/// <summary>One smoke check as it ran, in the deploy record: where, its answer, and why it failed or was skipped.</summary>
internal sealed record SmokeCheckRecord
{
    public required string Name { get; init; }

    /// <summary><c>preview</c> (before the switch) or <c>public</c> (after it).</summary>
    public required string Stage { get; init; }

    /// <summary><c>passed</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>The HTTP status it answered; null when nothing answered or it did not run.</summary>
    public int? Status { get; init; }

    public long DurationMs { get; init; }

    public string? Reason { get; init; }

    public bool Failed => Verdict == "failed";
}
