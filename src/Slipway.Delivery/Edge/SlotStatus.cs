using System.Net;

namespace Slipway.Delivery.Edge;

/// <summary>
/// One server of a slot as the edge sees it now (or, read from the state file, as it was saved): replica 1 stands for
/// the slot, as Slipway keeps every assigned replica of a slot in the same admin state and weight.
/// </summary>
internal sealed record SlotStatus(
    EdgeSlot Slot,
    IPEndPoint? Upstream,
    ServerAdminState AdminState,
    ServerOperationalState OperationalState,
    ServerStatistics? Statistics,
    int Weight = EdgeNames.FullWeight,
    int Replica = 1)
{
    public EdgeServer Server => new(Slot, Replica);

    /// <summary>Whether a real upstream was assigned (an unassigned slot points at a placeholder).</summary>
    public bool IsAssigned => Upstream is not null;

    /// <summary>Whether HAProxy's checks consider the slot up. A slot in maintenance is never up.</summary>
    public bool IsUp =>
        AdminState != ServerAdminState.Maintenance
        && OperationalState is ServerOperationalState.Running or ServerOperationalState.Starting;

    /// <summary>In rotation: new requests go here.</summary>
    public bool IsServing => IsAssigned && AdminState == ServerAdminState.Ready && IsUp;

    /// <summary>Ready with a weight: the slot takes a share of new requests once its checks pass.</summary>
    public bool IsInRotation => IsAssigned && AdminState == ServerAdminState.Ready && Weight > 0;

    public override string ToString() =>
        $"{Server.Name} {Upstream?.ToString() ?? "unassigned"} {AdminState} {(IsUp ? "up" : "down")}" +
        (Weight == EdgeNames.FullWeight || AdminState != ServerAdminState.Ready ? string.Empty : $" weight {Weight}") +
        (Statistics is { } stats ? $" ({stats.Status}, last check {stats.CheckStatus ?? "none"})" : string.Empty);
}
