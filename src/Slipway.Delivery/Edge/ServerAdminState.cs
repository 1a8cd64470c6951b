namespace Slipway.Delivery.Edge;

/// <summary>
/// What an operator set a server to (<c>set server ... state ready|drain|maint</c>), independent of its health.
/// </summary>
internal enum ServerAdminState
{
    /// <summary>In rotation: takes new requests while its health checks pass.</summary>
    Ready,

    /// <summary>Out of rotation but still health-checked; requests in flight finish. A drained slot is warm.</summary>
    Drain,

    /// <summary>No traffic and no health checks.</summary>
    Maintenance,
}
