using System.Globalization;
using System.Net;

namespace Slipway.Delivery.Edge;

/// <summary>
/// Both slots and the maintenance switch of one edge. <see cref="Blue"/> and <see cref="Green"/> are each slot's first
/// server, which stands for the slot; <see cref="Servers"/> holds every replica's.
/// </summary>
internal sealed record EdgeStatus(SlotStatus Blue, SlotStatus Green, bool Maintenance)
{
    /// <summary>The slot's first server: its admin state and weight are the slot's.</summary>
    public SlotStatus this[EdgeSlot slot] => slot == EdgeSlot.Blue ? Blue : Green;

    /// <summary>Every server of the app backend, both slots, every replica the config declares.</summary>
    public IReadOnlyList<SlotStatus> Servers { get; init; } = [Blue, Green];

    /// <summary>
    /// The servers of a slot that point at a container, replica 1 first; just replica 1 when none does (so an operation
    /// on the slot always has its own server).
    /// </summary>
    public IReadOnlyList<SlotStatus> ReplicasOf(EdgeSlot slot)
    {
        var assigned = Servers.Where(s => s.Slot == slot && s.IsAssigned).OrderBy(s => s.Replica).ToList();
        return assigned.Count == 0 || assigned[0].Replica != 1 ? [this[slot], .. assigned.Where(s => s.Replica != 1)] : assigned;
    }

    /// <summary>How many of the slot's servers point at a container.</summary>
    public int ReplicaCount(EdgeSlot slot) => Servers.Count(s => s.Slot == slot && s.IsAssigned);

    /// <summary>
    /// The slot as one server, for the bake, the canary and Monitor: its first server's admin state and weight, up only
    /// while every assigned replica is up, and the counters of all replicas added up.
    /// </summary>
    public SlotStatus Colour(EdgeSlot slot)
    {
        var replicas = ReplicasOf(slot);
        var first = replicas[0];
        var down = replicas.FirstOrDefault(r => r.IsAssigned && !r.IsUp && r.AdminState != ServerAdminState.Maintenance);
        return first with
        {
            OperationalState = down?.OperationalState ?? first.OperationalState,
            Statistics = ServerStatistics.Sum([.. replicas.Select(r => r.Statistics).OfType<ServerStatistics>()]),
        };
    }

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
        var all = new List<SlotStatus>();
        foreach (var entry in servers.Where(s => s.Backend == EdgeNames.AppBackend))
        {
            if (EdgeServer.Parse(entry.Server) is not { } server)
            {
                continue;
            }

            var stats = statistics?.SingleOrDefault(s => s.Backend == EdgeNames.AppBackend && s.Server == entry.Server);
            all.Add(new SlotStatus(server.Slot, Upstream(entry), entry.AdminState, entry.OperationalState, stats, entry.Weight, server.Replica));
        }

        SlotStatus First(EdgeSlot slot) => all.SingleOrDefault(s => s.Slot == slot && s.Replica == 1)
            ?? throw new FormatException(
                $"The edge has no server '{EdgeNames.AppBackend}/{slot.ServerName}': is its config rendered by Slipway's EdgeConfigRenderer?");

        var maintenance = servers.SingleOrDefault(s => s.Backend == EdgeNames.MaintenanceBackend && s.Server == EdgeNames.MaintenanceServer);
        return new EdgeStatus(First(EdgeSlot.Blue), First(EdgeSlot.Green), maintenance is { AdminState: not ServerAdminState.Maintenance })
        {
            Servers = [.. all.OrderBy(s => s.Slot).ThenBy(s => s.Replica)],
        };
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
        $"active: {ActiveSlot?.ServerName ?? "none"}; {string.Join("; ", Servers.Where(s => s.Replica == 1 || s.IsAssigned))}{(Maintenance ? "; MAINTENANCE ON" : string.Empty)}";
}
