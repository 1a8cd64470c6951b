namespace Slipway.Delivery.Deploy;

/// <summary>One Monitor run: how long (or until stopped), how often it reports, what it holds the live version to, and what it does on a breach.</summary>
internal sealed record MonitorRequest : ILockedOperationRequest
{
    /// <summary>How long Monitor watches when neither a duration nor <see cref="Continuous"/> is given.</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMinutes(10);

    /// <summary>How long to watch; null with <see cref="Continuous"/>.</summary>
    public TimeSpan? Duration { get; init; }

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Watch until stopped (Ctrl-C, the job's timeout) or a breach.</summary>
    public bool Continuous { get; init; }

    public MonitorThresholds Thresholds { get; init; } = new();

    /// <summary>On a breach, roll back to the previous version (exit 11) instead of only reporting it (exit 14).</summary>
    public bool RollbackOnBreach { get; init; }

    public required string Who { get; init; }

    public string? CiRunUrl { get; init; }

    /// <summary>For the rollback on a breach: break a stale lock.</summary>
    public bool Force { get; init; }

    public IEnumerable<string> Problems()
    {
        if (Interval < TimeSpan.FromSeconds(1))
        {
            yield return $"--interval ({Interval}) must be at least 1 second, e.g. 30s.";
        }

        if (Continuous && Duration is not null)
        {
            yield return "Give --duration or --continuous, not both.";
        }
        else if (!Continuous && (Duration is not { } duration || duration < Interval))
        {
            yield return $"--duration ({Duration?.ToString() ?? "none"}) must be at least one --interval ({Interval}), e.g. --duration 10m --interval 30s; or --continuous.";
        }

        foreach (var problem in Thresholds.Problems())
        {
            yield return problem;
        }
    }
}
