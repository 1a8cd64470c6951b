using System.Net;
using System.Net.Sockets;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>Loopback ports nobody listens on, found by letting the kernel pick one.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
