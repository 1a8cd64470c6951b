using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>Switches traffic to a slot atomically at the edge (one runtime API line), once the slot passes its checks.</summary>
/// <param name="Slot">The slot that serves afterwards.</param>
/// <param name="Version">The version it serves.</param>
/// <param name="Warm">The slot is running, drained and passing: the switch is instant.</param>
/// <param name="Gated">A <see cref="GateStep"/> ran before: the checks here only confirm it.</param>
internal sealed record SwitchStep(EdgeSlot Slot, string Version, bool Warm, bool Gated) : DeployStep
{
    public override string Description =>
        Warm ? $"{Version} is running and warm in the {Slot.ServerName} slot: switch traffic to it (one runtime API line)"
        : Gated ? $"switch traffic to the {Slot.ServerName} slot (one runtime API line)"
        : $"gate on consecutive readiness passes, then switch traffic to {Slot.ServerName}";

    public override string Phase => Gated || Warm ? "switch" : "gate and switch";
}
