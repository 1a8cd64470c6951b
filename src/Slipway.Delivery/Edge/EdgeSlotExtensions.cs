namespace Slipway.Delivery.Edge;

/// <summary>Names and pairing of the two slots, kept in one place so config, runtime commands and parsing agree.</summary>
internal static class EdgeSlotExtensions
{
    extension(EdgeSlot slot)
    {
        /// <summary>The slot a deploy switches away from when it switches to this one.</summary>
        public EdgeSlot Other => slot == EdgeSlot.Blue ? EdgeSlot.Green : EdgeSlot.Blue;

        /// <summary>
        /// A backend that never takes traffic: its servers track this slot's, so <c>nbsrv</c> of it counts the slot's usable
        /// replicas — how the config knows two versions share the traffic, whatever the number of replicas.
        /// </summary>
        public string TrackingBackend => "slot_" + slot.ServerName;

        /// <summary>The name of the slot's first server in the rendered configuration and in runtime API commands.</summary>
        public string ServerName => slot switch
        {
            EdgeSlot.Blue => "blue",
            EdgeSlot.Green => "green",
            _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "Unknown edge slot."),
        };
    }

    /// <summary>The slot whose server (any replica) carries <paramref name="serverName"/>, or null for any other server.</summary>
    public static EdgeSlot? FromServerName(string serverName) => EdgeServer.Parse(serverName)?.Slot;
}
