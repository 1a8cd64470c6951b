namespace Slipway.Delivery.Edge;

/// <summary>
/// Where things live inside the edge image (see the Dockerfile next to this file). Everything that must survive a
/// restart — the rendered config and HAProxy's server-state file — and the admin socket sit in one volume, because the
/// image runs with a read-only root filesystem.
/// </summary>
internal static class EdgeContainerLayout
{
    /// <summary>The volume mount point; owned by the image's non-root <c>haproxy</c> user.</summary>
    public const string StateDirectory = "/var/lib/haproxy";

    public const string ConfigFile = StateDirectory + "/haproxy.cfg";

    public const string ServerStateFile = StateDirectory + "/server-state";

    public const string StatsSocket = StateDirectory + "/admin.sock";

    public const string MaintenanceMap = StateDirectory + "/maintenance.map";
}
