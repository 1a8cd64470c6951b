using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Slipway.Delivery.Deploy;
using Slipway.Delivery.Edge;
using Slipway.Delivery.Tests.Docker;
using Slipway.Engine.Tooling;

namespace Slipway.Delivery.Tests.Deploy.Integration;

/// <summary>
/// An environment of its own for one test on the shared engine: a unique name (so containers, volumes and the edge
/// are the test's alone), a free public port and a free app port range on loopback; short bake and gate settings.
/// Disposing removes exactly what carries its name.
/// </summary>
internal sealed class TestEnvironment : IAsyncDisposable
{
    private TestEnvironment(DeployEnvironment environment)
    {
        Environment = environment;
        Http = new HttpClient { BaseAddress = environment.Url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public DeployEnvironment Environment { get; private set; }

    public string Name => Environment.Name;

    public HttpClient Http { get; }

    public Uri Url => Environment.Url;

    public static async Task<TestEnvironment> CreateAsync(Func<DeployEnvironment, DeployEnvironment>? configure = null)
    {
        await DockerTestEnvironment.ConnectAsync();
        var environment = TestEnvironments.Staging with
        {
            Name = "t" + Guid.NewGuid().ToString("N")[..8],
            PublicEndpoint = new IPEndPoint(IPAddress.Loopback, DockerTestEnvironment.FreePort()),
            AppPorts = FreePortRange(12),
            BakeWindow = TimeSpan.FromSeconds(2),
            DeployTimeout = TimeSpan.FromSeconds(45),
            HealthCheckInterval = TimeSpan.FromMilliseconds(250),
        };
        return new TestEnvironment(configure?.Invoke(environment) ?? environment);
    }

    public void Configure(Func<DeployEnvironment, DeployEnvironment> change) => Environment = change(Environment);

    public async Task<DeployHost> HostAsync(Func<DeployEnvironment, DeployEnvironment>? tweak = null) =>
        await DeployHost.ConnectAsync(tweak?.Invoke(Environment) ?? Environment);

    public async Task<DeployOutcome> DeployAsync(string image, Func<DeployEnvironment, DeployEnvironment>? tweak = null, bool force = false, bool alwaysMigrate = false) =>
        await new Deployer(await HostAsync(tweak)).DeployAsync(new DeployRequest
        {
            Image = DeployImage.FromReference(image),
            Who = "deploy-tests",
            Force = force,
            AlwaysMigrate = alwaysMigrate,
        });

    public async Task<DeployOutcome> RollbackAsync(string? to = null, bool restoreDatabase = false) =>
        await new RollbackRunner(await HostAsync()).RollbackAsync(new RollbackRequest { To = to, Who = "deploy-tests", RestoreDatabase = restoreDatabase });

    public async Task<DeployOutcome> MaintenanceAsync(bool on, string? message = null, TimeSpan? duration = null) =>
        await new MaintenanceRunner(await HostAsync()).SetAsync(new MaintenanceRequest { On = on, Message = message, Duration = duration, Who = "deploy-tests" });

    public async Task<DeployOutcome> ScaleAsync(int replicas) =>
        await new ScaleRunner(await HostAsync()).ScaleAsync(new ScaleRequest { Replicas = replicas, Who = "deploy-tests" });

    /// <summary>The version the public endpoint serves now (the body of <c>/status</c>).</summary>
    public async Task<string?> ServedVersionAsync()
    {
        var response = await Http.GetAsync(new Uri("/status", UriKind.Relative));
        var raw = $"HTTP/1.1 {(int)response.StatusCode} X\r\n\r\n" + await response.Content.ReadAsStringAsync();
        return HttpProbeResponse.TryParse(raw)?.JsonVersion();
    }

    public async Task<EnvironmentSnapshot> SnapshotAsync()
    {
        var host = await HostAsync();
        var edge = await host.Edge.TryOpenExistingAsync();
        return await host.SnapshotAsync(edge, edge is not null);
    }

    public async Task<EdgeStatus> EdgeStatusAsync()
    {
        var edge = await (await HostAsync()).Edge.TryOpenExistingAsync();
        Assert.That(edge, Is.Not.Null, $"the edge of {Name} is not running");
        return await edge!.ReadStatusAsync();
    }

    public async Task<IReadOnlyList<DeployRecord>> RecordsAsync() => (await SnapshotAsync()).Records;

    public async Task<string> DockerAsync(params string[] arguments)
    {
        var result = await ToolRunner.RunAsync(new ToolInvocation("docker", arguments) { LogOutput = false });
        return result.StandardOutput.Trim();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var containers = await DockerAsync("ps", "--all", "--quiet", "--filter", $"label=slipway.environment={Name}");
        var names = containers.Split('\n', StringSplitOptions.RemoveEmptyEntries).Append(DeployNames.Edge(Name)).ToArray();
        await DockerAsync(["rm", "--force", .. names]);
        var oneOffs = await DockerAsync("ps", "--all", "--quiet", "--filter", $"name=slipway-{Name}-");
        if (oneOffs.Length > 0)
        {
            await DockerAsync(["rm", "--force", .. oneOffs.Split('\n')]);
        }

        await DockerAsync("volume", "rm", "--force", DeployNames.Edge(Name), DeployNames.DataVolume(Name));
    }

    /// <summary>
    /// A run of consecutive loopback ports nobody listens on, below Linux's ephemeral range and below the default
    /// environments' app ports (28100-28299): the process-level tests' builds declare those too, and overlapping ranges
    /// on one host are refused.
    /// </summary>
    private static PortRange FreePortRange(int count)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(20000, 28000 - count);
            if (Enumerable.Range(first, count).All(IsFree))
            {
                return new PortRange(first, count);
            }
        }

        throw new InvalidOperationException("No free run of loopback ports found.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} on {Environment.PublicEndpoint}, app ports {Environment.AppPorts}");
}
