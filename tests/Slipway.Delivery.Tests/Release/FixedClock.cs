namespace Slipway.Delivery.Tests.Release;

/// <summary>A clock stopped at one instant, so changelog headings are predictable.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
