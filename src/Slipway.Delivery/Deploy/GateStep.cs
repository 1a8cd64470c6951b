using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>
/// The readiness gate: consecutive passing checks of the edge on every replica of the new slot within the deploy
/// timeout, then each one's <c>/status</c> reporting the image's version. A container that exits meanwhile fails the
/// gate at once.
/// </summary>
/// <param name="Slot">The new version's slot.</param>
/// <param name="Containers">Its containers, replica 1 first.</param>
/// <param name="Ports">Their loopback ports, in the same order.</param>
/// <param name="Version">The version <c>/status</c> must report.</param>
/// <param name="Passes">Consecutive passing checks required.</param>
/// <param name="SkippedMigrations">Why migrations were skipped, for the message of a failed gate; null when they ran.</param>
internal sealed record GateStep(EdgeSlot Slot, IReadOnlyList<string> Containers, IReadOnlyList<int> Ports, string Version, int Passes, string? SkippedMigrations) : DeployStep
{
    public override string Description =>
        $"gate {Version} on {Passes} consecutive readiness passes of the {Slot.ServerName} slot{(Containers.Count > 1 ? $" ({Containers.Count} replicas)" : string.Empty)} and the version its /status reports";

    public override string Phase => "gate";
}
