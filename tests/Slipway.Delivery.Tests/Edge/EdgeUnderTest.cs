using System.Net;
using Slipway.Delivery.Edge;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// A real HAProxy edge as a host process on free loopback ports, in its own temporary folder, with health checks fast
/// enough for tests. Disposing stops it and removes the folder.
/// </summary>
internal sealed class EdgeUnderTest : IAsyncDisposable
{
    private EdgeUnderTest(EdgeSettings settings, string directory)
    {
        Settings = settings;
        Directory = directory;
        Process = new EdgeHostProcess(settings, directory);
        Client = HostEdge.Client(settings);
        Http = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = new Uri($"http://{settings.PublicEndpoint}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public EdgeSettings Settings { get; }

    public string Directory { get; }

    public EdgeHostProcess Process { get; }

    public EdgeClient Client { get; }

    /// <summary>A client for the edge's public endpoint.</summary>
    public HttpClient Http { get; }

    public Uri PublicUri => Http.BaseAddress!;

    public static EdgeSettings FastSettings(string directory) =>
        HostEdge.Settings("test", new IPEndPoint(IPAddress.Loopback, FreePort.Next()), directory) with
        {
            AccessLog = false,
            HealthCheck = new EdgeHealthCheckSettings { Interval = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromSeconds(1), Rise = 2, Fall = 2 },
            Timeouts = new EdgeTimeouts { HardStopAfter = TimeSpan.FromSeconds(10) },
        };

    /// <summary>Starts an edge; <paramref name="customize"/> adjusts the fast test settings.</summary>
    public static async Task<EdgeUnderTest> StartAsync(Func<EdgeSettings, EdgeSettings>? customize = null)
    {
        EdgePrerequisites.RequireTools("haproxy");

        // Short and under /tmp: a unix socket path may not exceed 107 bytes.
        var directory = Path.Combine(Path.GetTempPath(), "sw-edge-" + Guid.NewGuid().ToString("N")[..10]);
        System.IO.Directory.CreateDirectory(directory);
        var settings = FastSettings(directory);
        var edge = new EdgeUnderTest(customize is null ? settings : customize(settings), directory);
        await edge.Process.StartAsync();
        return edge;
    }

    /// <summary>Assigns the slot to the upstream and switches traffic to it.</summary>
    public async Task<EdgeStatus> ServeAsync(EdgeSlot slot, UpstreamApp upstream)
    {
        await Client.AssignAsync(slot, upstream.Endpoint);
        return await Client.SwitchToAsync(slot, new EdgeSwitchOptions { HealthTimeout = TimeSpan.FromSeconds(15) });
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await Process.StopAsync(graceful: false);
        }
        finally
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
