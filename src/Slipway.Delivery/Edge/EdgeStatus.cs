using System.Globalization;
using System.Net;

namespace Slipway.Delivery.Edge;

/// <summary>Both slots and the maintenance switch of one edge.</summary>
internal sealed record EdgeStatus(SlotStatus Blue, SlotStatus Green, bool Maintenance)
{
    public SlotStatus this[EdgeSlot slot] => slot == EdgeSlot.Blue ? Blue : Green;

    /// <summary>
    /// The slot taking new requests: the one assigned slot in rotation, or during a canary the one with the larger
    /// weight. Null before the first deploy, for the instant of a switch, and for a canary at exactly half. Read from
    /// the state file, this is the slot a restarted edge serves — which is how Slipway re-derives the active version
    /// after an edge restart.
    /// </summary>
    public EdgeSlot? ActiveSlot
    {
        get
        {
            var ready = new[] { Blue, Green }.Where(s => s.IsInRotation).ToList();
            return ready.Count switch
            {
                1 => ready[0].Slot,
                2 when ready[0].Weight != ready[1].Weight => ready.MaxBy(s => s.Weight)!.Slot,
                _ => null,
            };
        }
    }

    /// <summary>Both slots take a share of new requests: a canary is under way (or was, when read from the state file).</summary>
    public bool IsSplit => Blue.IsInRotation && Green.IsInRotation;

    /// <summary>Builds the status from <c>show servers state</c> entries (live or from the state file) and optional <c>show stat</c> rows.</summary>
    public static EdgeStatus From(IReadOnlyList<ServerStateEntry> servers, IReadOnlyList<ServerStatistics>? statistics = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        SlotStatus Slot(EdgeSlot slot)
        {
            var entry = servers.SingleOrDefault(s => s.Backend == EdgeNames.AppBackend && s.Server == slot.ServerName)
                ?? throw new FormatException(
                    $"The edge has no server '{EdgeNames.AppBackend}/{slot.ServerName}': is its config rendered by Slipway's EdgeConfigRenderer?");
            var stats = statistics?.SingleOrDefault(s => s.Backend == EdgeNames.AppBackend && s.Server == slot.ServerName);
            return new SlotStatus(slot, Upstream(entry), entry.AdminState, entry.OperationalState, stats, entry.Weight);
        }

        var maintenance = servers.SingleOrDefault(s => s.Backend == EdgeNames.MaintenanceBackend && s.Server == EdgeNames.MaintenanceServer);
        return new EdgeStatus(Slot(EdgeSlot.Blue), Slot(EdgeSlot.Green), maintenance is { AdminState: not ServerAdminState.Maintenance });
    }

    private static IPEndPoint? Upstream(ServerStateEntry entry)
    {
        if (entry.Address == EdgeNames.UnassignedHost && entry.Port == EdgeNames.UnassignedPort)
        {
            return null;
        }

        return IPAddress.TryParse(entry.Address, out var address)
            ? new IPEndPoint(address, entry.Port)
            : throw new FormatException(
                $"Server {entry.Backend}/{entry.Server} has address '{entry.Address}', not an IP address " +
                $"(port {entry.Port.ToString(CultureInfo.InvariantCulture)}).");
    }

    public override string ToString() =>
        $"active: {ActiveSlot?.ServerName ?? "none"}; {Blue}; {Green}{(Maintenance ? "; MAINTENANCE ON" : string.Empty)}";
}
