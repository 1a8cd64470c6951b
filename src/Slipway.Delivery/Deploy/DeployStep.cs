namespace Slipway.Delivery.Deploy;

/// <summary>
/// One step of a deploy or rollback plan (<see cref="DeployPlan"/>, <see cref="RollbackPlan"/>): data, decided before
/// anything changes, that <c>--dry-run</c> prints and <see cref="DeployExecutor"/> performs.
/// </summary>
internal abstract record DeployStep
{
    /// <summary>What the step does, in a sentence.</summary>
    public abstract string Description { get; }

    /// <summary>The phase the step's time is logged and summarised under.</summary>
    public abstract string Phase { get; }
}
