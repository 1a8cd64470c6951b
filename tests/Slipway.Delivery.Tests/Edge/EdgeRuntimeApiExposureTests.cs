using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.Versioning;
using Slipway.Delivery.Edge;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>The runtime API has admin rights: it answers on the host's loopback and unix socket, and nowhere else.</summary>
[TestFixture]
public sealed class EdgeRuntimeApiExposureTests
{
    private EdgeUnderTest edge = null!;
    private IPEndPoint admin = null!;
    private int prometheusPort;

    [SetUp]
    public async Task StartAsync()
    {
        admin = new IPEndPoint(IPAddress.Loopback, FreePort.Next());
        prometheusPort = FreePort.Next();
        edge = await EdgeUnderTest.StartAsync(s => s with { AdminEndpoint = admin, PrometheusPort = prometheusPort });
    }

    [TearDown]
    public async Task StopAsync() => await edge.DisposeAsync();

    [Test]
    public async Task The_tcp_runtime_api_answers_on_loopback_and_reports_the_same_state_as_the_socket()
    {
        var overTcp = new EdgeClient(SocketRuntimeTransport.Tcp(admin), new LocalServerStateStore(edge.Settings.ServerStateFile), edge.Settings.HealthCheck);

        var tcpStatus = await overTcp.ReadStatusAsync();
        var socketStatus = await edge.Client.ReadStatusAsync();

        Assert.That(tcpStatus.ToString(), Is.EqualTo(socketStatus.ToString()));
    }

    [Test]
    public void The_runtime_api_and_the_exporter_refuse_connections_on_the_hosts_other_addresses()
    {
        var external = NonLoopbackAddresses();
        Assert.That(external, Is.Not.Empty, "This test needs a non-loopback IPv4 address on the machine to connect from.");

        foreach (var address in external)
        {
            foreach (var port in new[] { admin.Port, prometheusPort })
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                var refused = Assert.Throws<SocketException>(() => socket.Connect(address, port), $"{address}:{port} accepted a connection");
                Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
            }
        }
    }

    [Test]
    [SupportedOSPlatform("linux")]
    public void The_unix_socket_is_private_to_its_owner()
    {
        var mode = File.GetUnixFileMode(edge.Settings.StatsSocketPath);

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    private static List<IPAddress> NonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
}
