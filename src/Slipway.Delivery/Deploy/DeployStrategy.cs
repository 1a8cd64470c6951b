namespace Slipway.Delivery.Deploy;

/// <summary>How a deploy moves traffic to the new version once it passes its gate (docs/deploy.md, Strategies).</summary>
public enum DeployStrategy
{
    /// <summary>All new requests move at once; the old version stays warm through the bake for an instant switch back.</summary>
    BlueGreen,

    /// <summary>
    /// The new version takes <see cref="DeployEnvironment.CanarySteps"/> shares of the requests in turn, each judged over
    /// <see cref="DeployEnvironment.CanaryStepWindow"/> on what the edge sees of it alone, before it takes everything.
    /// </summary>
    Canary,

    /// <summary>
    /// With several replicas, the new version replaces the old one <see cref="DeployEnvironment.RollingBatch"/> replicas at
    /// a time, each batch gated before it takes a share: at most Replicas + RollingBatch containers run, not two colours.
    /// </summary>
    Rolling,
}
