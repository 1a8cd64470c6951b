using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>Switches traffic to a slot atomically at the edge (one runtime API line), once the slot passes its checks.</summary>
/// <param name="Slot">The slot that serves afterwards.</param>
/// <param name="Version">The version it serves.</param>
/// <param name="Warm">The slot is running, drained and passing: the switch is instant.</param>
/// <param name="Gated">A <see cref="GateStep"/> ran before: the checks here only confirm it.</param>
/// <param name="Passes">
/// Consecutive readiness passes before the switch; null takes the environment's <c>ReadinessPasses</c>. A rollback asks
/// for one: it returns to a version that served, while an on-call engineer waits.
/// </param>
internal sealed record SwitchStep(EdgeSlot Slot, string Version, bool Warm, bool Gated, int? Passes = null) : DeployStep
{
    public override string Description =>
        Warm ? $"{Version} is running and warm in the {Slot.ServerName} slot: switch traffic to it (one runtime API line)"
        : Gated ? $"switch traffic to the {Slot.ServerName} slot (one runtime API line)"
        : Passes == 1 ? $"gate on one readiness pass (it served before), then switch traffic to {Slot.ServerName}"
        : $"gate on consecutive readiness passes, then switch traffic to {Slot.ServerName}";

    public override string Phase => Gated || Warm ? "switch" : "gate and switch";
}
