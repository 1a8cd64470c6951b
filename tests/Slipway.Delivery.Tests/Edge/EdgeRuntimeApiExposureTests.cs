using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// The runtime API has admin rights and no authentication. With host networking every process on the host — another
/// environment's app included — can reach any loopback TCP port, so the API must exist only as the private unix socket
/// (issue 21, finding 6), and the edge listens on TCP for public traffic and the read-only exporter only.
/// </summary>
[TestFixture]
[SupportedOSPlatform("linux")]
public sealed class EdgeRuntimeApiExposureTests
{
    private EdgeUnderTest edge = null!;
    private int prometheusPort;

    [SetUp]
    public async Task StartAsync()
    {
        prometheusPort = FreePort.Next();
        edge = await EdgeUnderTest.StartAsync(s => s with { PrometheusPort = prometheusPort });
    }

    [TearDown]
    public async Task StopAsync() => await edge.DisposeAsync();

    [Test]
    public void The_edge_listens_on_tcp_only_for_public_traffic_and_the_exporter()
    {
        var ports = ListeningTcpPorts(EdgeProcesses());

        Assert.That(ports, Is.EquivalentTo(new[] { edge.Settings.PublicEndpoint.Port, prometheusPort }));
    }

    [Test]
    public async Task No_tcp_port_of_the_edge_answers_runtime_api_commands()
    {
        foreach (var port in ListeningTcpPorts(EdgeProcesses()))
        {
            var answer = await SendLineAsync(port, "show info");
            Assert.That(answer, Does.Not.Contain("Name: HAProxy"), $"port {port} answered the runtime API");
        }

        Assert.That(await edge.Client.ReadStatusAsync(), Is.Not.Null, "the unix socket still answers");
    }

    [Test]
    public void The_exporter_refuses_connections_on_the_hosts_other_addresses()
    {
        var external = NonLoopbackAddresses();
        Assert.That(external, Is.Not.Empty, "This test needs a non-loopback IPv4 address on the machine to connect from.");

        foreach (var address in external)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var refused = Assert.Throws<SocketException>(() => socket.Connect(address, prometheusPort), $"{address}:{prometheusPort} accepted a connection");
            Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        }
    }

    [Test]
    public void The_unix_socket_is_private_to_its_owner()
    {
        var mode = File.GetUnixFileMode(edge.Settings.StatsSocketPath);

        Assert.That(mode, Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
    }

    /// <summary>The master and its workers: in master-worker mode the workers hold the listeners.</summary>
    private List<int> EdgeProcesses()
    {
        var master = edge.Process.MasterPid ?? throw new InvalidOperationException("The edge is not running.");
        var processes = new List<int> { master };
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")).Where(File.Exists))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue; // the process ended while we looked
            }

            // pid (comm) state ppid ...: comm may hold spaces, so parse after its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.Parse(fields[1], CultureInfo.InvariantCulture) == master)
            {
                processes.Add(int.Parse(text[..text.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture));
            }
        }

        return processes;
    }

    private static HashSet<int> ListeningTcpPorts(IEnumerable<int> processes)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pid in processes)
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target["socket:[".Length..^1]);
                }
            }
        }

        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            foreach (var columns in File.ReadLines(table).Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                // local_address is hex ip:port, st 0A is LISTEN, the inode is the tenth column.
                if (columns[3] == "0A" && inodes.Contains(columns[9]))
                {
                    ports.Add(int.Parse(columns[1][(columns[1].IndexOf(':', StringComparison.Ordinal) + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return ports;
    }

    private static async Task<string> SendLineAsync(int port, string line)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var buffer = new byte[4096];
        var answer = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // An HTTP listener waits for the rest of a request, or closes with a 400: either way, no runtime API.
        }

        return answer.ToString();
    }

    private static List<IPAddress> NonLoopbackAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            .ToList();
}
