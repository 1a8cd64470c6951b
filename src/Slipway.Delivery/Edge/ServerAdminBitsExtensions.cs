namespace Slipway.Delivery.Edge;

/// <summary>HAProxy's own masks over <see cref="ServerAdminBits"/> (<c>SRV_ADMF_MAINT</c> = 0x23, <c>SRV_ADMF_DRAIN</c> = 0x18).</summary>
internal static class ServerAdminBitsExtensions
{
    private const ServerAdminBits MaintenanceMask =
        ServerAdminBits.ForcedMaintenance | ServerAdminBits.InheritedMaintenance | ServerAdminBits.ResolutionMaintenance;

    private const ServerAdminBits DrainMask = ServerAdminBits.ForcedDrain | ServerAdminBits.InheritedDrain;

    extension(ServerAdminBits bits)
    {
        /// <summary>The administrative state these flags amount to, as HAProxy itself reads them.</summary>
        public ServerAdminState AdminState =>
            (bits & MaintenanceMask) != 0 ? ServerAdminState.Maintenance
            : (bits & DrainMask) != 0 ? ServerAdminState.Drain
            : ServerAdminState.Ready;
    }
}
