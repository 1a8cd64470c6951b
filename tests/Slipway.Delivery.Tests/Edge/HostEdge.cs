using System.Net;
using Slipway.Delivery.Edge;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// An edge run as an HAProxy process on the test machine (<see cref="EdgeHostProcess"/>) rather than in the edge image:
/// its socket and state file live in a local folder. Deploys never run the edge this way, so it lives with the tests.
/// </summary>
internal static class HostEdge
{
    /// <summary>Settings for an edge process that keeps its socket and state in <paramref name="stateDirectory"/>.</summary>
    public static EdgeSettings Settings(string environment, IPEndPoint publicEndpoint, string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateDirectory);
        return new EdgeSettings
        {
            Environment = environment,
            PublicEndpoint = publicEndpoint,
            StatsSocketPath = Path.Combine(stateDirectory, "admin.sock"),
            ServerStateFile = Path.Combine(stateDirectory, "server-state"),
        };
    }

    /// <summary>A client for such an edge: its unix socket and state file are local.</summary>
    public static EdgeClient Client(EdgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new EdgeClient(
            SocketRuntimeTransport.UnixSocket(settings.StatsSocketPath),
            new LocalEdgeFileStore(settings.ServerStateFile),
            new LocalEdgeFileStore(settings.MaintenanceMapFile),
            settings);
    }
}
