namespace Slipway.Delivery.Deploy;

/// <summary>Where a <see cref="SmokeCheck"/> runs: against the new version through the edge's preview route before it takes traffic, against the public endpoint after the switch, or both.</summary>
[Flags]
public enum SmokeStages
{
    /// <summary>Before the switch, through the preview route: a failure aborts the deploy (exit 10), the old version untouched.</summary>
    Preview = 1,

    /// <summary>After the switch, through the public endpoint: a failure switches back to the old version (exit 11).</summary>
    Public = 2,

    Both = Preview | Public,
}
