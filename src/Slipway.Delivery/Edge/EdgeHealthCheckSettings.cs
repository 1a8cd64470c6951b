namespace Slipway.Delivery.Edge;

/// <summary>How the edge health-checks the two slots on the readiness path.</summary>
internal sealed record EdgeHealthCheckSettings
{
    /// <summary>Time between two checks of a slot (<c>inter</c>).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one check may take before it counts as failed (<c>timeout check</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive passing checks before HAProxy considers a slot UP (<c>rise</c>).</summary>
    public int Rise { get; init; } = 3;

    /// <summary>
    /// The largest <see cref="Fall"/>: far beyond any outage at any interval, for an upstream that must never be taken out
    /// on checks (the one Swarm's tasks share, <c>EdgeProvisioner.SharedUpstreamFall</c>).
    /// </summary>
    public const int MaxFall = 1_000_000;

    /// <summary>Consecutive failing checks before HAProxy takes a slot out of rotation (<c>fall</c>).</summary>
    public int Fall { get; init; } = 2;
}
