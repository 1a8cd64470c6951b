namespace Slipway.Delivery.Edge;

/// <summary>How the edge health-checks the two slots on the readiness path.</summary>
internal sealed record EdgeHealthCheckSettings
{
    private static readonly TimeSpan MinimumFastInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Time between two checks of a slot (<c>inter</c>, and <c>downinter</c> while it is down).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Time between two checks while a slot is on its way up or down (<c>fastinter</c>): half the interval, never under
    /// 100 ms (or the interval itself if that is shorter). A version that starts answering passes its <see cref="Rise"/>
    /// checks sooner — every deploy's gate and a rollback to a stopped version wait for exactly that — and a failing one
    /// is taken out sooner; a steady slot is still checked at <see cref="Interval"/>.
    /// </summary>
    public TimeSpan FastInterval => Interval / 2 is var half && half >= MinimumFastInterval ? half
        : Interval < MinimumFastInterval ? Interval : MinimumFastInterval;

    /// <summary>How long one check may take before it counts as failed (<c>timeout check</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Consecutive passing checks before HAProxy considers a slot UP (<c>rise</c>).</summary>
    public int Rise { get; init; } = 3;

    /// <summary>Consecutive failing checks before HAProxy takes a slot out of rotation (<c>fall</c>).</summary>
    public int Fall { get; init; } = 2;
}
