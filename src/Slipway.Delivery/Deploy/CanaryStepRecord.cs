namespace Slipway.Delivery.Deploy;

/// <summary>One canary step as the deploy log keeps it: its share, when it started, how long it ran and what the edge saw of the new version.</summary>
internal sealed record CanaryStepRecord
{
    public required int Percent { get; init; }

    public required DateTimeOffset Started { get; init; }

    public required long DurationMs { get; init; }

    public required long Responses { get; init; }

    public required long Errors { get; init; }

    public double? P95Ms { get; init; }

    /// <summary><c>passed</c>, <c>breached</c> or <c>inconclusive</c>.</summary>
    public required string Verdict { get; init; }

    /// <summary>What breached, with its numbers; null when the step passed.</summary>
    public string? Reason { get; init; }
}
