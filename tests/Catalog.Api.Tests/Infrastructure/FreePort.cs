using System.Net;
using System.Net.Sockets;

namespace Catalog.Api.Tests.Infrastructure;

/// <summary>A loopback port nobody listens on right now (bind port 0, read it, release it).</summary>
internal static class FreePort
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
