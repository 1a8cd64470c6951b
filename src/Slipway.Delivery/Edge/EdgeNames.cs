namespace Slipway.Delivery.Edge;

/// <summary>The proxy and server names the rendered config declares and the runtime client addresses.</summary>
internal static class EdgeNames
{
    /// <summary>The backend holding the blue and green slots.</summary>
    public const string AppBackend = "app";

    /// <summary>
    /// A backend that never receives traffic: the admin state of its one server is the maintenance switch. Keeping the
    /// switch in a server state means HAProxy's server-state file persists it like the slots, with no second mechanism.
    /// </summary>
    public const string MaintenanceBackend = "maintenance";

    public const string MaintenanceServer = "on";

    /// <summary>
    /// The address an unassigned slot points at. Port 1 (tcpmux) is never served on these hosts, so a health check of an
    /// unassigned slot fails and a switch to it is refused.
    /// </summary>
    public const string UnassignedHost = "127.0.0.1";

    public const int UnassignedPort = 1;

    /// <summary>
    /// A slot's weight when it takes all new requests. Weights of a canary are percentages of it (the canary <c>p</c>,
    /// the stable slot <c>100 - p</c>), so a weight read back from the edge is the share of requests it gets.
    /// </summary>
    public const int FullWeight = 100;

    /// <summary>
    /// The request header that routes a request from an internal source (<see cref="EdgeSettings.InternalAllowedSources"/>)
    /// to one named server, even one that takes no traffic yet: how smoke tests reach a new version before the switch.
    /// </summary>
    public const string PreviewHeader = "X-Slipway-Preview";

    /// <summary>The cookie that keeps a client on one version while two versions share the traffic (a canary).</summary>
    public const string CanaryCookie = "slipway_slot";
}
