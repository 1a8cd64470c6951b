using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Slipway.Delivery.Edge;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>The edge as a host process: one edge per port, and a crash loses nothing that was switched.</summary>
[TestFixture]
public sealed class EdgeHostProcessTests : EdgeFixture
{
    [SetUp]
    public async Task ServeBlueAsync() => await ServeAsync(EdgeSlot.Blue);

    [Test]
    public async Task A_second_edge_on_the_same_public_port_fails_to_start_instead_of_sharing_it()
    {
        var directory = Directory.CreateTempSubdirectory("sw-edge2-").FullName;
        try
        {
            var second = new EdgeHostProcess(EdgeUnderTest.FastSettings(directory) with { PublicEndpoint = Edge.Settings.PublicEndpoint }, directory);

            var failure = Assert.ThrowsAsync<ToolException>(() => second.StartAsync());

            Assert.Multiple(async () =>
            {
                Assert.That(failure!.Message, Does.Contain("Address already in use").Or.Contain("cannot bind"));
                Assert.That(second.MasterPid, Is.Null);
                Assert.That(await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative)), Is.EqualTo("v1"));
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public async Task After_the_master_is_killed_the_workers_go_and_a_restart_serves_the_same_slot_again()
    {
        var master = Edge.Process.MasterPid!.Value;
        using (var process = Process.GetProcessById(master))
        {
            process.Kill();
        }

        await WaitUntilAsync(() => Edge.Process.MasterPid is null);

        // Workers notice their master is gone and exit: nothing orphaned keeps the port.
        await WaitUntilAsync(() => !Accepts(Edge.Settings.PublicEndpoint));
        await Edge.Process.StartAsync();
        var status = await Edge.Client.ReadStatusAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Blue));
            Assert.That(status.Blue.Upstream, Is.EqualTo(Blue.Endpoint));
            Assert.That(await Edge.Http.GetStringAsync(new Uri("/", UriKind.Relative)), Is.EqualTo("v1"));
        });
    }

    [Test]
    public async Task The_config_on_disk_is_the_checked_rendering_of_the_settings()
    {
        var onDisk = await File.ReadAllTextAsync(Edge.Process.ConfigFile);

        Assert.Multiple(() =>
        {
            Assert.That(onDisk, Is.EqualTo(EdgeConfigRenderer.Render(Edge.Settings)));
            Assert.That(File.Exists(Edge.Process.ConfigFile + ".new"), Is.False);
            Assert.That(Edge.Settings.PublicEndpoint.Address, Is.EqualTo(IPAddress.Loopback));
        });
    }

    private static bool Accepts(IPEndPoint endpoint)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Connect(endpoint);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "The condition never became true.");
            await Task.Delay(20);
        }
    }
}
