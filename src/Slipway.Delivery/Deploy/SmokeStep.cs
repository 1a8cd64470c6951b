using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The environment's smoke suite against the new version: through the edge's preview route to its first server before
/// it takes traffic (<see cref="SmokeStages.Preview"/>, a failure aborts: exit 10), or through the public endpoint after
/// the switch (<see cref="SmokeStages.Public"/>, a failure switches back: exit 11).
/// </summary>
/// <param name="Slot">The new version's slot.</param>
/// <param name="Stage">Before or after the switch.</param>
/// <param name="Checks">The checks of that stage, in order.</param>
/// <param name="Container">The new version's container.</param>
/// <param name="Version">Its version.</param>
/// <param name="SwitchBackTo">After the switch: the version and slot a failure switches back to (null on a first deploy).</param>
internal sealed record SmokeStep(
    EdgeSlot Slot, SmokeStages Stage, IReadOnlyList<SmokeCheck> Checks, string Container, string Version, (AppContainer Container, EdgeSlot Slot)? SwitchBackTo) : DeployStep
{
    public override string Description => Stage == SmokeStages.Preview
        ? $"smoke-test {Version} through the preview route ({Checks.Count} check(s): {string.Join(", ", Checks.Select(c => c.Name))}) before it takes traffic; a failure aborts"
        : $"smoke-test {Version} through the public endpoint ({Checks.Count} check(s)); a failure switches back" +
          (SwitchBackTo is { } back ? $" to {back.Container.Version}" : " (first deploy: nothing to switch back to, it fails)");

    public override string Phase => Stage == SmokeStages.Preview ? "smoke (preview)" : "smoke (public)";
}
