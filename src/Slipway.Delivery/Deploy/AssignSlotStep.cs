using System.Globalization;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Deploy;

/// <summary>Points the edge slot that does not serve at a version's ports, one server per replica (in maintenance, so it takes no traffic yet).</summary>
/// <param name="Slot">The slot that will serve.</param>
/// <param name="Ports">The version's loopback ports, replica 1 first.</param>
/// <param name="AlreadyPointed">The slot still points there (a retained version's own slot): nothing to change.</param>
internal sealed record AssignSlotStep(EdgeSlot Slot, IReadOnlyList<int> Ports, bool AlreadyPointed) : DeployStep
{
    public override string Description => AlreadyPointed
        ? string.Create(CultureInfo.InvariantCulture, $"wake the {Slot.ServerName} slot, which still points at 127.0.0.1:{string.Join(", ", Ports)}")
        : string.Create(CultureInfo.InvariantCulture, $"point the {Slot.ServerName} slot at 127.0.0.1:{string.Join(", ", Ports)}");

    public override string Phase => "assign";
}
