namespace Slipway.Delivery.Deploy;

/// <summary>Starts a retained version's stopped container again: no registry, no pull.</summary>
internal sealed record StartRetainedStep(AppContainer Container) : DeployStep
{
    public override string Description => Container.IsRunning
        ? $"{Container.Version} ({Container.Name}) is running but not warm: keep it"
        : $"start the retained container {Container.Name}{(Container.Replicas.Count > 0 ? $" and its {Container.Replicas.Count} further replica(s)" : string.Empty)} (no registry needed)";

    public override string Phase => "start";
}
