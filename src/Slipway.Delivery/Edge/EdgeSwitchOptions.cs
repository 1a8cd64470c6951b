namespace Slipway.Delivery.Edge;

/// <summary>How strictly a switch gates on the target slot's health.</summary>
internal sealed record EdgeSwitchOptions
{
    /// <summary>
    /// Consecutive passing health checks the target must show before traffic moves; null means HAProxy's own
    /// <c>rise</c> (a slot that is UP has just passed that many). Fewer than <c>rise</c> (a rollback to a version that
    /// served) is allowed: the switch then forces the target's health up once it passed that many.
    /// </summary>
    public int? ConsecutiveChecks { get; init; }

    /// <summary>How long to wait for the target to prove healthy before the switch is refused.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
