namespace Slipway.Delivery.Edge;

/// <summary>The <c>srv_admin_state</c> bitmask of <c>show servers state</c> (HAProxy's <c>enum srv_admin</c>).</summary>
[Flags]
internal enum ServerAdminBits
{
    None = 0,

    /// <summary>Forced into maintenance (<c>state maint</c>, or <c>disabled</c> in the config).</summary>
    ForcedMaintenance = 0x01,

    /// <summary>Inherited maintenance from a tracked server.</summary>
    InheritedMaintenance = 0x02,

    /// <summary>
    /// Marks a server declared <c>disabled</c> in the config. Only a marker: HAProxy keeps it after <c>state ready</c>,
    /// while the server serves, which is why it is not part of <see cref="ServerAdminBitsExtensions"/>' maintenance mask.
    /// </summary>
    ConfiguredMaintenance = 0x04,

    ForcedDrain = 0x08,

    InheritedDrain = 0x10,

    /// <summary>In maintenance because its address could not be resolved.</summary>
    ResolutionMaintenance = 0x20,

    /// <summary>Its FQDN was changed through the runtime API.</summary>
    FqdnChanged = 0x40,
}
