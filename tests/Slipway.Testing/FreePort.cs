using System.Net;
using System.Net.Sockets;

namespace Slipway.Testing;

/// <summary>A loopback port nobody listens on right now, found by letting the kernel pick one (bind port 0, read it, release it).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
