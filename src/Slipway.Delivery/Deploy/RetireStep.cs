using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>The version switched away from drains and stops (its container retained for a rollback), or stays warm.</summary>
/// <param name="Previous">The version that served before.</param>
/// <param name="Slot">Its slot, when it has one.</param>
/// <param name="KeepWarm">It stays running, drained, so switching back is instant.</param>
internal sealed record RetireStep(AppContainer Previous, EdgeSlot? Slot, bool KeepWarm) : DeployStep
{
    public override string Description => KeepWarm
        ? $"keep {Previous.Version} running, drained and warm"
        : $"drain {Previous.Version}, then stop its container (kept for --to {Previous.Version})";

    public override string Phase => "retire";
}
