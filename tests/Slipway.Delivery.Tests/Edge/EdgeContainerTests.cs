using System.Net;
using System.Runtime.CompilerServices;
using Slipway.Delivery.Docker;
using Slipway.Delivery.Edge;
using Slipway.Engine.Tooling;
using Slipway.Testing;

namespace Slipway.Delivery.Tests.Edge;

/// <summary>
/// The edge image (src/Slipway.Delivery/Edge/Dockerfile) on a real Docker engine, built on the local stand-in for
/// <c>haproxy:2.6</c>, run read-only and non-root on the host network, and driven only through <c>docker exec</c>.
/// </summary>
[TestFixture]
public sealed class EdgeContainerTests
{
    private const string StandInBase = "slipway/standin-haproxy:2.6";
    private const string Image = "slipway-test/edge:dev";

    private string name = null!;
    private DockerEngine docker = null!;
    private EdgeContainerCommands container = null!;
    private EdgeSettings settings = null!;
    private EdgeClient client = null!;
    private UpstreamApp blue = null!;
    private UpstreamApp green = null!;

    [OneTimeSetUp]
    public async Task BuildImageAsync()
    {
        var engine = await ToolRunner.RunAsync(new ToolInvocation("docker", "info", "--format", "{{.ServerVersion}}") { LogOutput = false });
        var standIn = engine.Succeeded ? await ToolRunner.RunAsync(new ToolInvocation("docker", "image", "inspect", StandInBase) { LogOutput = false }) : null;
        if (!engine.Succeeded || standIn is not { Succeeded: true })
        {
            Assert.Fail($"The edge container tests need a running Docker engine and the stand-in base image {StandInBase}: " +
                        "run .ci/provision-docker.sh (as root), which starts dockerd and builds the stand-ins.");
        }

        // A build without context: the edge's Dockerfile copies nothing in.
        var build = await ToolRunner.RunAsync(BuildCommand() with { StandardInput = await File.ReadAllTextAsync(DockerfilePath()) });
        build.EnsureSuccess();
        docker = await DockerEngine.ConnectAsync();
    }

    [OneTimeTearDown]
    public async Task RemoveImageAsync() =>
        await ToolRunner.RunAsync(new ToolInvocation("docker", "image", "rm", "--force", Image) { LogOutput = false });

    [SetUp]
    public async Task StartAsync()
    {
        blue = await UpstreamApp.StartAsync("v1");
        green = await UpstreamApp.StartAsync("v2");
        var environment = "t" + Guid.NewGuid().ToString("N")[..8];
        name = EdgeContainerCommands.NameFor(environment);
        container = new EdgeContainerCommands(docker.Cli, name);
        settings = EdgeSettings.ForContainer(environment, new IPEndPoint(IPAddress.Loopback, FreePort.Next())) with
        {
            HealthCheck = new EdgeHealthCheckSettings { Interval = TimeSpan.FromMilliseconds(200), Rise = 2, Fall = 2 },
        };
        client = EdgeClient.ForContainer(settings, docker, container);

        await docker.RunAsync(container.SeedFile(Image, name, EdgeContainerLayout.ConfigFile, EdgeConfigRenderer.Render(settings), EdgeContainerLayout.MaintenanceMap));
        await docker.RunAsync(container.Run(Image, name, environment));
        await WaitForRuntimeApiAsync();
    }

    [TearDown]
    public async Task StopAsync()
    {
        await ToolRunner.RunAsync(new ToolInvocation("docker", "rm", "--force", "--volumes", name) { LogOutput = false });
        await ToolRunner.RunAsync(new ToolInvocation("docker", "volume", "rm", "--force", name) { LogOutput = false });
        await blue.DisposeAsync();
        await green.DisposeAsync();
    }

    [Test]
    public async Task The_edge_container_runs_non_root_on_a_read_only_root_filesystem()
    {
        var inspect = (await ToolRunner.RunAsync(new ToolInvocation("docker", "inspect", "--format", "{{.HostConfig.ReadonlyRootfs}} {{.Config.User}}", name))).EnsureSuccess();
        var uid = (await ToolRunner.RunAsync(new ToolInvocation("docker", "exec", name, "id", "-u"))).EnsureSuccess();
        var write = await ToolRunner.RunAsync(new ToolInvocation("docker", "exec", name, "touch", "/usr/local/probe"));

        Assert.Multiple(() =>
        {
            Assert.That(inspect.StandardOutput.Trim(), Is.EqualTo("true haproxy"));
            Assert.That(uid.StandardOutput.Trim(), Is.Not.EqualTo("0"));
            Assert.That(write.Succeeded, Is.False, "the root filesystem is read-only");
        });
    }

    [Test]
    public async Task The_non_root_edge_binds_a_privileged_port_as_on_a_server()
    {
        // A server's edge listens on 0.0.0.0:80; binding below ip_unprivileged_port_start (1024 by default) needs the
        // capability the image gives the haproxy binary. Loopback keeps the test's traffic on this machine.
        var environment = "t" + Guid.NewGuid().ToString("N")[..8];
        var privileged = new EdgeContainerCommands(docker.Cli, EdgeContainerCommands.NameFor(environment));
        var endpoint = new IPEndPoint(IPAddress.Loopback, FreePrivilegedPort());
        var privilegedSettings = EdgeSettings.ForContainer(environment, endpoint);
        var privilegedClient = EdgeClient.ForContainer(privilegedSettings, docker, privileged);
        try
        {
            (await ToolRunner.RunAsync(privileged.SeedFile(Image, privileged.ContainerName, EdgeContainerLayout.ConfigFile,
                EdgeConfigRenderer.Render(privilegedSettings), EdgeContainerLayout.MaintenanceMap))).EnsureSuccess();
            (await ToolRunner.RunAsync(privileged.Run(Image, privileged.ContainerName, environment))).EnsureSuccess();
            await privilegedClient.AssignAsync(EdgeSlot.Blue, blue.Endpoint);
            await privilegedClient.SwitchToAsync(EdgeSlot.Blue);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint}/"), Timeout = TimeSpan.FromSeconds(5) };
            var uid = (await ToolRunner.RunAsync(new ToolInvocation("docker", "exec", privileged.ContainerName, "id", "-u"))).EnsureSuccess();

            Assert.Multiple(async () =>
            {
                Assert.That(await http.GetStringAsync(new Uri("/", UriKind.Relative)), Is.EqualTo("v1"));
                Assert.That(uid.StandardOutput.Trim(), Is.Not.EqualTo("0"));
            });
        }
        finally
        {
            var logs = await ToolRunner.RunAsync(new ToolInvocation("docker", "logs", "--tail", "5", privileged.ContainerName) { LogOutput = false });
            TestContext.Out.WriteLine(logs.StandardOutput + logs.StandardError);
            await ToolRunner.RunAsync(new ToolInvocation("docker", "rm", "--force", "--volumes", privileged.ContainerName) { LogOutput = false });
            await ToolRunner.RunAsync(new ToolInvocation("docker", "volume", "rm", "--force", privileged.ContainerName) { LogOutput = false });
        }
    }

    [Test]
    public async Task Slipway_switches_a_container_edge_through_docker_exec_under_load_and_a_restart_keeps_the_version()
    {
        await client.AssignAsync(EdgeSlot.Blue, blue.Endpoint);
        await client.SwitchToAsync(EdgeSlot.Blue);
        var publicUri = new Uri($"http://{settings.PublicEndpoint}/");
        await using (var load = new HttpLoadGenerator(publicUri))
        {
            await load.WaitForAnswersAsync("v1", 100);
            await client.AssignAsync(EdgeSlot.Green, green.Endpoint);
            await client.SwitchToAsync(EdgeSlot.Green);
            await load.WaitForAnswersAsync("v2", 100);
            await load.StopAsync();
            Assert.That(load.Failures, Is.Empty, $"Failed requests out of {load.Total}");
        }

        (await ToolRunner.RunAsync(new ToolInvocation("docker", "restart", name))).EnsureSuccess();
        await WaitForRuntimeApiAsync();
        using var http = new HttpClient { BaseAddress = publicUri };
        var firstAnswer = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        var status = await client.ReadStatusAsync();
        var saved = await client.ReadSavedStatusAsync();

        Assert.Multiple(() =>
        {
            Assert.That(firstAnswer, Is.EqualTo("v2"));
            Assert.That(status.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
            Assert.That(status.Blue.Upstream, Is.EqualTo(blue.Endpoint));
            Assert.That(saved!.ActiveSlot, Is.EqualTo(EdgeSlot.Green));
        });
    }

    private async Task WaitForRuntimeApiAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                await client.ReadStatusAsync();
                return;
            }
            catch (EdgeRuntimeApiException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    // A port below 1024 that nothing on loopback listens on (the tests run as root, so the probe itself may bind it).
    private static int FreePrivilegedPort()
    {
        foreach (var port in Enumerable.Range(800, 200))
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // In use: try the next one.
            }
        }

        throw new InvalidOperationException("No free port between 800 and 999 on loopback.");
    }

    // The 20.10 client from docker.io builds with BuildKit without buildx; a modern client has buildx.
    private static ToolInvocation BuildCommand()
    {
        string[] arguments = ["--network", "host", "--quiet", "--build-arg", $"HAPROXY_IMAGE={StandInBase}", "--tag", Image, "-"];
        return File.Exists("/usr/bin/docker")
            ? new ToolInvocation("/usr/bin/docker", ["build", .. arguments]).WithEnvironment("DOCKER_BUILDKIT", "1")
            : new ToolInvocation("docker", ["buildx", "build", "--load", .. arguments]);
    }

    private static string DockerfilePath([CallerFilePath] string testFile = "")
    {
        for (var directory = Path.GetDirectoryName(testFile); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            var dockerfile = Path.Combine(directory, "src", "Slipway.Delivery", "Edge", "Dockerfile");
            if (File.Exists(dockerfile))
            {
                return dockerfile;
            }
        }

        throw new InvalidOperationException($"No src/Slipway.Delivery/Edge/Dockerfile above {testFile}.");
    }
}
