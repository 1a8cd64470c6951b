using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The readiness gate: consecutive passing checks of the edge on the new slot within the deploy timeout, then its
/// <c>/status</c> reporting the image's version. A container that exits meanwhile fails the gate at once.
/// </summary>
/// <param name="Slot">The new version's slot.</param>
/// <param name="Container">Its container.</param>
/// <param name="Port">Its loopback port.</param>
/// <param name="Version">The version <c>/status</c> must report.</param>
/// <param name="Passes">Consecutive passing checks required.</param>
/// <param name="SkippedMigrations">Why migrations were skipped, for the message of a failed gate; null when they ran.</param>
internal sealed record GateStep(EdgeSlot Slot, string Container, int Port, string Version, int Passes, string? SkippedMigrations) : DeployStep
{
    public override string Description =>
        $"gate {Version} on {Passes} consecutive readiness passes of the {Slot.ServerName} slot and the version its /status reports";

    public override string Phase => "gate";
}
