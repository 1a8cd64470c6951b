using System.Globalization;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// One batch of a rolling deploy: the batch's new replicas (started here, except the first batch's, which the gate
/// before it proved) take a share beside the old version, then as many old replicas drain, leave the edge and stop.
/// </summary>
/// <param name="Slot">The new version's slot.</param>
/// <param name="Number">Which batch, from 1.</param>
/// <param name="Of">How many batches.</param>
/// <param name="Start">The batch's new replicas to start and gate here (empty for the first batch: already gated).</param>
/// <param name="Enable">The new version's servers that join the rotation in this batch.</param>
/// <param name="Retire">The old version's replicas (server numbers) that leave in this batch; never its first, which the final switch drains.</param>
/// <param name="Version">The new version.</param>
/// <param name="Old">The old version and its slot.</param>
internal sealed record RollingStep(
    EdgeSlot Slot, int Number, int Of, IReadOnlyList<AppRunSpec> Start, IReadOnlyList<int> Enable, IReadOnlyList<int> Retire, string Version, (AppContainer Container, EdgeSlot Slot) Old)
    : DeployStep
{
    public override string Description =>
        string.Create(CultureInfo.InvariantCulture, $"rolling batch {Number}/{Of}: ") +
        (Start.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $"start and gate {Start.Count} more replica(s) of {Version}, then ") : string.Empty) +
        $"put {string.Join(", ", Enable.Select(r => new EdgeServer(Slot, r).Name))} in rotation beside {Old.Container.Version}" +
        (Retire.Count > 0 ? $", then drain and stop {Old.Container.Version}'s {string.Join(", ", Retire.Select(r => new EdgeServer(Old.Slot, r).Name))}" : string.Empty) +
        "; a failure puts the old version's replicas back and takes the new one out (exit 11)";

    public override string Phase => string.Create(CultureInfo.InvariantCulture, $"rolling {Number}/{Of}");
}
