namespace Slipway.Delivery.Edge;

/// <summary>Names and pairing of the two slots, kept in one place so config, runtime commands and parsing agree.</summary>
internal static class EdgeSlotExtensions
{
    extension(EdgeSlot slot)
    {
        /// <summary>The slot a deploy switches away from when it switches to this one.</summary>
        public EdgeSlot Other => slot == EdgeSlot.Blue ? EdgeSlot.Green : EdgeSlot.Blue;

        /// <summary>The server's name in the rendered configuration and in every runtime API command.</summary>
        public string ServerName => slot switch
        {
            EdgeSlot.Blue => "blue",
            EdgeSlot.Green => "green",
            _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "Unknown edge slot."),
        };
    }

    /// <summary>The slot whose server carries <paramref name="serverName"/>, or null for any other server.</summary>
    public static EdgeSlot? FromServerName(string serverName) => serverName switch
    {
        "blue" => EdgeSlot.Blue,
        "green" => EdgeSlot.Green,
        _ => null,
    };
}
